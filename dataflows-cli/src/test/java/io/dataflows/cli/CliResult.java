package io.dataflows.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The exit code, stdout and stderr of one in-process run of the command (public for the tests of dataflows-beam). */
public record CliResult(int exit, String out, String err) {

    public static CliResult run(String... args) {
        return run(System.getenv(), args);
    }

    /** Runs with {@code env} as the environment variables the command sees. */
    public static CliResult run(java.util.Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.execute(o, e, env, args);
        }
        return new CliResult(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
