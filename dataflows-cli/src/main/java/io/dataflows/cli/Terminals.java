package io.dataflows.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether the standard streams of this process are terminals, which Java tells only for all of them together. */
final class Terminals {

    private Terminals() {
    }

    /** Standard output (1) or standard error (2). */
    static boolean isTerminal(int fd) {
        // Linux names each open file descriptor in /proc; a terminal is a /dev/pts/N or /dev/ttyN device there.
        Path link = Path.of("/proc/self/fd/" + fd);
        try {
            String target = Files.readSymbolicLink(link).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // No /proc (another system): the console exists only when both input and output are terminals.
            return System.console() != null;
        }
    }

    /** The terminal's width from {@code COLUMNS}, else 80. */
    static int width(java.util.Map<String, String> env) {
        try {
            int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "80").trim());
            return columns >= 20 && columns <= 1000 ? columns : 80;
        } catch (NumberFormatException e) {
            return 80;
        }
    }
}
