package dev.llmdyno.store;

/** The store could not be read or written; the message names the file and what went wrong. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
