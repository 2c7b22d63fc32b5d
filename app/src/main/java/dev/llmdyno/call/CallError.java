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
        /** The host name does not resolve: another try would not change that. */
        DNS(false),
        /** The TLS handshake failed: an untrusted or wrong certificate, no common protocol. */
        TLS(false),
        /** A redirect that is refused: from https to http, or one LLM Dyno will not follow with a key. */
        REDIRECT(false),
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
        /** The server sent more than the profile allows (a line or an answer); what came before is kept. */
        TOO_LARGE(false),
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

    /**
     * An error a provider named in a stream or a body ({@code overloaded_error}, {@code rate_limit_exceeded},
     * {@code server_error}, ...): overloads and rate limits are worth another try, a bad request is not.
     */
    public static CallError forProviderType(int status, String providerType, String message) {
        var kind = providerType == null ? "" : providerType.toLowerCase(java.util.Locale.ROOT);
        Type type;
        if (kind.contains("rate_limit")) {
            type = Type.RATE_LIMITED;
        } else if (kind.contains("authentication") || kind.contains("permission") || kind.contains("api_key")) {
            type = Type.UNAUTHORIZED;
        } else if (kind.contains("not_found")) {
            type = Type.NOT_FOUND;
        } else if (kind.contains("invalid_request") || kind.contains("context_length")) {
            type = Type.BAD_REQUEST;
        } else if (status >= 400 && status < 500 && kind.isEmpty()) {
            return forStatus(status, message);
        } else {
            type = Type.SERVER_ERROR; // overloaded, server_error, api_error and the unnamed rest
        }
        var named = kind.isEmpty() ? "an error" : providerType;
        return new CallError(type, status, "the server reported " + named
                + (message == null || message.isBlank() ? "" : ": " + message));
    }

    @Override
    public String toString() {
        return type.id() + ": " + message;
    }
}
