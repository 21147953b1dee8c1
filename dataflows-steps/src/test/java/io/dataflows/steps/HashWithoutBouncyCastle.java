package io.dataflows.steps;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Path;

/**
 * What an application without Bouncy Castle meets when {@code connector_hash_file} uses an algorithm: loaded by
 * {@link BouncyCastleOptionalTest} in a class loader without Bouncy Castle, and called there by reflection.
 */
public final class HashWithoutBouncyCastle {

    private HashWithoutBouncyCastle() {}

    /**
     * Validates, then runs, a dataflow that hashes {@code abc.txt} in {@code dir} with {@code algorithm}: the
     * validation report, a line {@code ---}, and the hash or the message of the exception the run throws.
     */
    public static String validateAndRun(String dir, String algorithm) {
        DataflowEngine engine = TestEngines.builder().build();
        Dataflow flow = Dataflow.builder("hash").step("hash", StepSpec.of("connector_hash_file")
                .with("path", "abc.txt").with("algorithm", algorithm)).build();
        RunOptions options = RunOptions.builder().baseDir(Path.of(dir)).build();
        String report = engine.validate(flow, options).toString();
        try {
            RunResult result = engine.run(flow, options);
            return report + "\n---\n" + result.status() + " " + result.variable("steps.hash.hash").orElse("-");
        } catch (RuntimeException e) {
            return report + "\n---\n" + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
