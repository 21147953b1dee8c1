package io.dataflows.cli;

/** The exit codes of the {@code dataflows} command. */
final class ExitCodes {

    /** The run finalised, or the flow is valid. */
    static final int OK = 0;
    /** The run aborted. */
    static final int ABORTED = 1;
    /** The definition is invalid or cannot be read. */
    static final int INVALID = 2;
    /** The command line is wrong (EX_USAGE). */
    static final int USAGE = 64;
    /** Another run of the dataflow holds the lock (EX_TEMPFAIL). */
    static final int LOCKED = 75;
    /**
     * The run was cancelled: SIGINT or SIGTERM stopped it cleanly. The JVM itself then ends with 128 + the signal's
     * number, the shell's convention: 130 after SIGINT (Ctrl-C), 143 after SIGTERM; this is the SIGINT value.
     */
    static final int CANCELLED = 130;

    private ExitCodes() {}
}
