package dev.llmdyno.call;

/** The server sent more than the profile allows (a line, an event, an answer); what came before is kept. */
final class TooLargeException extends RuntimeException {
    TooLargeException(String message) {
        super(message);
    }
}
