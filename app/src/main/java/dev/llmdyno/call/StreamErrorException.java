package dev.llmdyno.call;

/** The server reported an error inside the stream (or in a body where an answer was due), as its provider words it. */
final class StreamErrorException extends RuntimeException {

    private final transient CallError error;

    StreamErrorException(CallError error) {
        super(error.message());
        this.error = error;
    }

    CallError error() {
        return error;
    }
}
