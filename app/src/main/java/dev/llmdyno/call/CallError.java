package dev.llmdyno.call;

/**
 * Why a call failed, as a value: one bad response never stops an experiment. {@code status} is the HTTP status
 * when there was one (0 otherwise); {@code message} never contains a secret.
 */
public record CallError(Type type, int status, String message) {

    public enum Type {
        /** Bad profile or setup: a missing key or variable, a context budget too small. Not retried. */
        CONFIG(false),
        CONNECT(true),
        TIMEOUT_CONNECT(true),
        TIMEOUT_FIRST_TOKEN(true),
        TIMEOUT_IDLE(false),
        TIMEOUT_TOTAL(false),
        BAD_REQUEST(false),
        UNAUTHORIZED(false),
        NOT_FOUND(false),
        /** 408 and 409, which providers ask clients to retry. */
        RETRYABLE_4XX(true),
        RATE_LIMITED(true),
        SERVER_ERROR(true),
        /** The stream ended without its terminator; the partial output is kept. */
        STREAM_CUT(false),
        MALFORMED(false),
        CANCELLED(false);

        private final boolean retryable;

        Type(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }

        public String id() {
            return name().toLowerCase();
        }
    }

    public static CallError of(Type type, String message) {
        return new CallError(type, 0, message);
    }

    /** The error for an HTTP status that is not a success. */
    public static CallError forStatus(int status, String providerMessage) {
        var type = switch (status) {
            case 400, 413, 422 -> Type.BAD_REQUEST;
            case 401, 403 -> Type.UNAUTHORIZED;
            case 404 -> Type.NOT_FOUND;
            case 408, 409 -> Type.RETRYABLE_4XX;
            case 429 -> Type.RATE_LIMITED;
            default -> status >= 500 ? Type.SERVER_ERROR : Type.BAD_REQUEST;
        };
        return new CallError(type, status, "HTTP " + status + (providerMessage == null || providerMessage.isBlank()
                ? "" : ": " + providerMessage));
    }

    @Override
    public String toString() {
        return type.id() + ": " + message;
    }
}
