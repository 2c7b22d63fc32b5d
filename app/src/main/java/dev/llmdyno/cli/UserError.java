package dev.llmdyno.cli;

/** A problem with what the user asked for: printed as one clear line, never as a stack trace; exit code 2. */
public final class UserError extends RuntimeException {

    public UserError(String message) {
        super(message);
    }
}
