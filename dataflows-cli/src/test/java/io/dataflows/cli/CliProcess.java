package io.dataflows.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@code dataflows} command in a JVM of its own (the test class path), its output going to a log file. */
record CliProcess(Process process, Path log) {

    /** Starts {@code dataflows args...} with {@code env} added to the environment. */
    static CliProcess start(Path log, Map<String, String> env, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new CliProcess(pb.start(), log);
    }

    /** The exit code; fails when the process has not ended within a minute (a hang). */
    int exitCode() throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end: " + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits until {@code file} exists; fails when the process ends first or after a minute. */
    void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file)) {
            if (!process.isAlive()) {
                throw new AssertionError("the process ended (" + process.exitValue() + "): " + output());
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the process did not get there: " + output());
            }
            Thread.sleep(20);
        }
    }

    void kill() {
        process.destroyForcibly();
    }
}
