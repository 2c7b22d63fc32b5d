package dev.llmdyno.cli;

/** The CLI's exit codes, the same for every command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** An unexpected failure inside the tool. */
    public static final int INTERNAL = 1;
    /** Bad input: arguments, files, plans, profiles. */
    public static final int BAD_INPUT = 2;
    /** The work ran but failed: a call that errored, an experiment that aborted. */
    public static final int FAILED = 3;

    private ExitCodes() {
    }
}
