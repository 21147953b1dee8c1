package io.dataflows.dot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs Graphviz {@code dot} as a process — no shell — with the DOT text on its standard input, and returns what it
 * wrote to standard output. Standard input, output and error are served by their own daemon threads, so neither a
 * large graph nor a chatty {@code dot} can deadlock the pipes, and a hung {@code dot} is killed at the deadline.
 */
final class Graphviz {

    /** How long to wait for the pipes to drain once the process has ended. */
    private static final long DRAIN_SECONDS = 5;

    private Graphviz() {}

    static byte[] render(String command, String dot, ImageFormat format, Duration timeout) {
        List<String> argv = List.of(command, "-T" + format.graphvizName());
        String shown = String.join(" ", argv);
        Process process;
        try {
            process = new ProcessBuilder(argv).start();
        } catch (IOException e) {
            throw new GraphvizNotFoundException(command, e);
        }
        byte[] input = dot.getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Void> stdin = background("stdin", () -> {
            try (OutputStream in = process.getOutputStream()) {
                in.write(input);
            } catch (IOException e) {
                // dot exited before reading everything (a syntax error): its stderr says why.
            }
            return null;
        });
        CompletableFuture<byte[]> stdout = background("stdout", () -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> stderr = background("stderr", () -> readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new GraphvizException("\"" + shown + "\" did not finish within " + describe(timeout)
                        + " and was killed");
            }
            byte[] out = stdout.get(DRAIN_SECONDS, TimeUnit.SECONDS);
            String err = new String(stderr.get(DRAIN_SECONDS, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
            stdin.get(DRAIN_SECONDS, TimeUnit.SECONDS);
            int exit = process.exitValue();
            if (!err.isEmpty()) {
                throw new GraphvizException("\"" + shown + "\" failed (exit code " + exit + "): " + err);
            }
            if (exit != 0) {
                throw new GraphvizException("\"" + shown + "\" failed with exit code " + exit);
            }
            return out;
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new GraphvizException("Interrupted while waiting for \"" + shown + "\"", e);
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            throw new GraphvizException("Could not read the output of \"" + shown + "\": " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    /** Kills the process and anything it started (a wrapper script's children would hold the pipes open). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(DRAIN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface IoTask<T> {
        T call() throws IOException;
    }

    private static <T> CompletableFuture<T> background(String name, IoTask<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(task.call());
            } catch (IOException | RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "dataflows-dot-" + name);
        t.setDaemon(true);
        t.start();
        return f;
    }

    static String describe(Duration d) {
        if (d.toMillis() % 1000 == 0) {
            return d.toSeconds() + " s";
        }
        return d.toMillis() + " ms";
    }
}
