package io.dataflows.steps;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Path;

/**
 * What an application without Bouncy Castle meets when it uses {@code connector_gpg}: loaded by
 * {@link BouncyCastleOptionalTest} in a class loader that has every class of the test's class path except Bouncy
 * Castle's, and called there by reflection.
 */
public final class GpgWithoutBouncyCastle {

    private GpgWithoutBouncyCastle() {}

    /**
     * Validates, then tries to run, a dataflow that encrypts a file in {@code dir}: the validation report, a line
     * {@code ---}, and the message of the exception the run throws.
     */
    public static String validateAndRun(String dir) {
        DataflowEngine engine = TestEngines.builder().build();
        Dataflow flow = Dataflow.builder("encrypt").step("encrypt", StepSpec.of("connector_gpg")
                .with("command", "encrypt").with("from", "plain.txt").with("to", "plain.txt.gpg")
                .with("publickeyring", "public.pgp")).build();
        RunOptions options = RunOptions.builder().baseDir(Path.of(dir)).build();
        String report = engine.validate(flow, options).toString();
        try {
            return report + "\n---\nran: " + engine.run(flow, options).status();
        } catch (RuntimeException e) {
            return report + "\n---\n" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
