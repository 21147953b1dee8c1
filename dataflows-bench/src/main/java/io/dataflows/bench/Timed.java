package io.dataflows.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs a command under GNU time ({@code /usr/bin/time}): wall seconds, CPU seconds (user + system), peak RSS. */
final class Timed {

    record Result(double wallSeconds, double cpuSeconds, long peakRssKb, String stdout) {}

    private Timed() {}

    static Result run(List<String> command, Path cwd, Map<String, String> env) throws IOException,
            InterruptedException {
        Path times = Files.createTempFile("dataflows-bench", ".time");
        Path stdout = Files.createTempFile("dataflows-bench", ".out");
        try {
            List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o",
                    times.toString()));
            full.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(full).directory(cwd.toFile())
                    .redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(env);
            int rc = pb.start().waitFor();
            String out = Files.readString(stdout);
            if (rc != 0) {
                throw new IllegalStateException("exit " + rc + ": " + String.join(" ", command) + "\n" + out);
            }
            String[] t = Files.readString(times).trim().split("\\s+");
            int n = t.length;
            return new Result(Double.parseDouble(t[n - 4]), Double.parseDouble(t[n - 3]) + Double.parseDouble(t[n - 2]),
                    Long.parseLong(t[n - 1]), out);
        } finally {
            Files.deleteIfExists(times);
            Files.deleteIfExists(stdout);
        }
    }

    /**
     * Runs {@code ./dataflows run --help} once, untimed, so that building the jar (if sources changed) and recording
     * the class-data sharing archive of {@code run} commands happen before any measured run.
     */
    static void prepareCli(Path root) throws IOException, InterruptedException {
        run(List.of(root.resolve("dataflows").toString(), "run", "--help"), root, Map.of());
    }

    /** {@code java} of this JVM with this JVM's class path, running {@link Main}. */
    static List<String> java(String... args) {
        return java(List.of(), args);
    }

    /** Like {@link #java(String...)} with JVM options. */
    static List<String> java(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }
}
