package io.dataflows.cli;

import io.dataflows.ReaderProgress;
import io.dataflows.RunHandle;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The progress line of {@code dataflows run} on standard error: per reader, the records read, records per second
 * and, for a reader of a file, the share of the file read and the time left. It is redrawn in place at most ten times
 * a second by a thread of its own, which asks the run's handle (the run does no work for it), and only when its text
 * changed. Whatever else is written to the same terminal while it shows — log lines, records printed on standard
 * output — goes through {@link #guard}, which clears the line first, so that nothing is written into it; the next
 * redraw brings it back below. It is cleared when the run ends.
 */
final class ProgressLine implements AutoCloseable {

    /** How often the line is redrawn at most. */
    static final long PERIOD_MILLIS = 100;

    /** Carriage return, then the text, then "erase to the end of the line", so that a shorter text leaves no tail. */
    private static final String ERASE_LINE = "\033[K";

    private final PrintStream terminal;
    private final int width;
    private final Object lock = new Object();
    private final Map<String, long[]> firstSeen = new HashMap<>();
    private boolean shown;
    private String drawn = "";
    private volatile boolean closed;
    private Thread thread;

    /**
     * @param terminal standard error as it was before any {@link #guard}
     * @param width the terminal's width: the line is cut to one character less, so that it never wraps
     */
    ProgressLine(PrintStream terminal, int width) {
        this.terminal = terminal;
        this.width = width;
    }

    /** Starts redrawing the line from what {@code handle} reports, until {@link #close}. */
    void start(RunHandle handle) {
        thread = new Thread(() -> {
            while (!closed) {
                draw(handle.progress(), System.nanoTime());
                try {
                    Thread.sleep(PERIOD_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "dataflows-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops redrawing and clears the line. Idempotent. */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (lock) {
            clear();
        }
    }

    /** A stream writing to {@code target} that first clears the line when it shows. */
    PrintStream guard(PrintStream target) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (lock) {
                    clear();
                    target.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (lock) {
                    clear();
                    target.write(b, off, len);
                    target.flush();
                }
            }

            @Override
            public void flush() {
                target.flush();
            }
        }, true);
    }

    private void draw(List<ReaderProgress> readers, long now) {
        if (readers.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (ReaderProgress r : readers) {
            long[] first = firstSeen.computeIfAbsent(r.readerAlias(),
                    a -> new long[] {now, r.records(), Math.max(0, r.bytesRead())});
            if (text.length() > 0) {
                text.append("  |  ");
            }
            text.append(describe(r, (now - first[0]) / 1e9, first[1], first[2]));
        }
        String line = text.length() < width ? text.toString() : text.substring(0, width - 1);
        synchronized (lock) {
            if (shown && line.equals(drawn)) {
                return;
            }
            terminal.print("\r" + line + ERASE_LINE);
            terminal.flush();
            shown = true;
            drawn = line;
        }
    }

    private void clear() {
        if (shown) {
            terminal.print("\r" + ERASE_LINE);
            terminal.flush();
            shown = false;
        }
    }

    /**
     * One reader's part of the line: {@code read: 50,000 records, 12,345/s, 50% of 879.0 KiB, 0:04 left}. Rates are
     * averages since the line first saw the reader ({@code seconds} ago, at {@code records0} records and
     * {@code bytes0} bytes); they show once a second has passed.
     */
    static String describe(ReaderProgress r, double seconds, long records0, long bytes0) {
        StringBuilder s = new StringBuilder();
        s.append(r.readerAlias()).append(": ").append(String.format(Locale.ROOT, "%,d", r.records()))
                .append(r.records() == 1 ? " record" : " records");
        boolean timed = seconds >= 1;
        if (timed) {
            s.append(String.format(Locale.ROOT, ", %,d/s", Math.round((r.records() - records0) / seconds)));
        }
        if (r.fractionRead().isPresent()) {
            s.append(String.format(Locale.ROOT, ", %d%% of %s", (long) Math.floor(r.fractionRead().getAsDouble() * 100),
                    size(r.bytesTotal())));
            double bytesPerSecond = (r.bytesRead() - bytes0) / seconds;
            if (timed && bytesPerSecond > 0 && r.bytesRead() < r.bytesTotal()) {
                s.append(", ").append(duration(Math.round((r.bytesTotal() - r.bytesRead()) / bytesPerSecond)))
                        .append(" left");
            }
        }
        return s.toString();
    }

    /** {@code 512 B}, {@code 879.0 KiB}, {@code 1.2 GiB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }

    /** {@code 0:04}, {@code 12:03}, {@code 1:02:03}. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
