package io.dataflows.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code dataflows} command as a real process: a new JVM with the test class path. Either run to its end
 * ({@link #run}), or started with its output going to a log file ({@link #start(Path, Map, List)}) and watched.
 */
public record CliProcess(Process process, Path log) {

    /** The command line of a {@code dataflows} process. */
    public static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /** Starts {@code command} with {@code env} added to the environment; stdout to {@code out}, stderr to {@code err}. */
    public static Process start(List<String> command, Map<String, String> env, Path out, Path err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs {@code dataflows args} to its end (at most two minutes: a hang guard) and returns what it did. */
    public static CliResult run(Path dir, Map<String, String> env, String... args) throws Exception {
        return await(start(command(List.of(args)), env, dir.resolve("process.out"), dir.resolve("process.err")),
                dir);
    }

    /** Waits for a process started with outputs {@code dir/process.out} and {@code dir/process.err}. */
    public static CliResult await(Process process, Path dir) throws Exception {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("dataflows did not end within two minutes");
        }
        return new CliResult(process.exitValue(),
                Files.readString(dir.resolve("process.out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("process.err"), StandardCharsets.UTF_8));
    }

    /** Starts {@code dataflows args...} with {@code env} added to the environment, stdout and stderr to {@code log}. */
    public static CliProcess start(Path log, Map<String, String> env, List<String> args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        return new CliProcess(pb.start(), log);
    }

    /** The exit code; fails when the process has not ended within a minute (a hang). */
    public int exitCode() throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end: " + output());
        }
        return process.exitValue();
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits until {@code file} exists; fails when the process ends first or after a minute. */
    public void awaitFile(Path file) throws Exception {
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

    public void kill() {
        process.destroyForcibly();
    }
}
