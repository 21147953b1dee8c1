package io.dataflows.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Flows the command-line tests share, copied from the test resources ({@code flows/}) into a test's directory. */
final class TestFlows {

    private TestFlows() {
    }

    /**
     * {@code fails.yml}: three records from {@code test_source}; {@code flow_abort} aborts on the second, so
     * {@code read} and {@code check} end aborted, {@code sink} got one record and {@code after} never runs.
     */
    static Path failing(Path dir) throws IOException {
        return copy("fails.yml", dir);
    }

    private static Path copy(String name, Path dir) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = TestFlows.class.getResourceAsStream("/flows/" + name)) {
            if (in == null) {
                throw new IOException("no test resource flows/" + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
