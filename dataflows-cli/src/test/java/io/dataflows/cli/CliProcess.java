package io.dataflows.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The {@code dataflows} command as a real process: a new JVM with the test class path. */
final class CliProcess {

    private CliProcess() {}

    /** The command line of a {@code dataflows} process. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        return command;
    }

    /** Starts {@code command} with {@code env} added to the environment; stdout to {@code out}, stderr to {@code err}. */
    static Process start(List<String> command, Map<String, String> env, Path out, Path err) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs {@code dataflows args} to its end (at most two minutes: a hang guard) and returns what it did. */
    static CliResult run(Path dir, Map<String, String> env, String... args) throws Exception {
        return await(start(command(List.of(args)), env, dir.resolve("process.out"), dir.resolve("process.err")),
                dir);
    }

    /** Waits for a process started with outputs {@code dir/process.out} and {@code dir/process.err}. */
    static CliResult await(Process process, Path dir) throws Exception {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("dataflows did not end within two minutes");
        }
        return new CliResult(process.exitValue(),
                Files.readString(dir.resolve("process.out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("process.err"), StandardCharsets.UTF_8));
    }
}
