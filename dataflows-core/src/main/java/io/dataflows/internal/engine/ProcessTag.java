package io.dataflows.internal.engine;

import java.time.Instant;
import java.util.Optional;

/**
 * Names this process in the names of the files and directories it leaves while working (temporary files, scratch
 * directories), as {@code <pid>-<start>}: the process id and the process start time in milliseconds (base 36), so a
 * process id reused by a later process is not mistaken for the owner.
 */
final class ProcessTag {

    private static final ProcessTag CURRENT = of(ProcessHandle.current());

    private final long pid;
    private final long start;

    private ProcessTag(long pid, long start) {
        this.pid = pid;
        this.start = start;
    }

    /** This process. */
    static ProcessTag current() {
        return CURRENT;
    }

    private static ProcessTag of(ProcessHandle process) {
        return new ProcessTag(process.pid(), startOf(process));
    }

    /** The start time in milliseconds; 0 when the platform does not tell. */
    private static long startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    /** The tag in a name ({@code 12345-lx3k9a}); empty when it is not one. */
    static Optional<ProcessTag> parse(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0 || dash == text.length() - 1) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ProcessTag(Long.parseLong(text.substring(0, dash)),
                    Long.parseLong(text.substring(dash + 1), 36)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    boolean isCurrent() {
        return equals(CURRENT);
    }

    /**
     * True when the process named is still running on this machine: a process of that id exists and, when both
     * start times are known, started at that time. A process whose start time cannot be read counts as running.
     */
    boolean isAlive() {
        if (isCurrent()) {
            return true;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        long started = startOf(process.get());
        return start == 0 || started == 0 || Math.abs(started - start) < 1000;
    }

    long pid() {
        return pid;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProcessTag && ((ProcessTag) o).pid == pid && ((ProcessTag) o).start == start;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pid) * 31 + Long.hashCode(start);
    }

    @Override
    public String toString() {
        return pid + "-" + Long.toString(start, 36);
    }
}
