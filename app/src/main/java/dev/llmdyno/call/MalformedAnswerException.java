package dev.llmdyno.call;

/** A response that cannot be read as the protocol says: broken JSON, an error event inside a stream. */
final class MalformedAnswerException extends RuntimeException {
    MalformedAnswerException(String message) {
        super(message, null, false, false);
    }
}
