package dev.llmdyno.sim;

/** A request the simulator refuses, with the HTTP status and the provider's error type. */
final class SimError extends Exception {

    enum Kind {
        BAD_REQUEST(400), UNAUTHORIZED(401), NOT_FOUND(404), METHOD_NOT_ALLOWED(405), TOO_LARGE(413),
        RATE_LIMITED(429), SERVER_ERROR(500), OVERLOADED(503);

        final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final String param;
    private final long retryAfterNanos;

    SimError(Kind kind, String message, String param) {
        this(kind, message, param, 0);
    }

    SimError(Kind kind, String message, String param, long retryAfterNanos) {
        super(message, null, false, false);
        this.kind = kind;
        this.param = param;
        this.retryAfterNanos = retryAfterNanos;
    }

    static SimError badRequest(String message, String param) {
        return new SimError(Kind.BAD_REQUEST, message, param);
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return kind.status;
    }

    String param() {
        return param;
    }

    long retryAfterNanos() {
        return retryAfterNanos;
    }
}
