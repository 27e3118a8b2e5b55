package org.iscsilab.testfixtures.peers;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of one bounded run of a command-line tool.
 *
 * @param exitCode the exit status; -1 when the run timed out and the process was killed
 * @param stdout everything the tool wrote to standard output
 * @param stderr everything the tool wrote to standard error
 * @param timedOut whether the deadline passed and the process tree was killed
 * @param duration wall time from start to exit (or to the kill)
 * @param command the command line that was run
 */
public record ToolResult(int exitCode, String stdout, String stderr, boolean timedOut, Duration duration,
        List<String> command) {

    private static final int TAIL_CHARS = 2000;

    public ToolResult {
        command = List.copyOf(command);
    }

    /** Exited by itself with status 0. */
    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** This result, or a {@link PeerException} describing the command and the tails of its output. */
    public ToolResult requireOk() {
        if (!ok()) {
            throw new PeerException(describe());
        }
        return this;
    }

    /** Command line, outcome and the tails of both streams, for failure messages. */
    public String describe() {
        String outcome = timedOut
                ? "timed out after " + duration.toMillis() + " ms (process tree killed)"
                : "exited " + exitCode + " after " + duration.toMillis() + " ms";
        return String.join(" ", command) + "\n  " + outcome
                + "\n  --- stdout (tail) ---\n" + tail(stdout)
                + "\n  --- stderr (tail) ---\n" + tail(stderr);
    }

    static String tail(String s) {
        return s.length() <= TAIL_CHARS ? s : "..." + s.substring(s.length() - TAIL_CHARS);
    }

    @Override
    public String toString() {
        return describe();
    }
}
