package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * No definition, however hostile, makes {@code dataflows validate}, {@code export}, {@code dot} or
 * {@code run --dry-run} exit with anything but a documented code (0, 1, 2, 64, 75), print a stack trace, or hang.
 */
class CliPropertiesTest {

    private static Path stateDir;

    @BeforeContainer
    static void createStateDir() throws IOException {
        stateDir = Files.createTempDirectory("dataflows-cli-properties-state");
    }

    @AfterContainer
    static void deleteStateDir() throws IOException {
        Trees.delete(stateDir);
    }

    @Provide
    Arbitrary<String> commands() {
        return Arbitraries.of("validate", "export", "dot", "run");
    }

    @Property(tries = 120)
    void commandsExitWithDocumentedCodesAndPrintNoStackTrace(@ForAll long seed, @ForAll("commands") String command)
            throws IOException {
        HostileDefinitions.Input input = HostileDefinitions.generate(seed);
        Path dir = Files.createTempDirectory("dataflows-cli-properties");
        try {
            HostileDefinitions.copyExampleData(dir);
            Path file = dir.resolve(input.fileName());
            Files.write(file, input.bytes());
            List<String> args = command.equals("run")
                    ? List.of("run", file.toString(), "--dry-run", "--state-dir", stateDir.toString())
                    : List.of(command, file.toString());
            CliResult r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> CliResult.run(args.toArray(new String[0])), () -> "hung: " + args + " on " + input);
            assertThat(r.exit()).as("exit of %s on %s; stderr: %s", args, input, r.err()).isIn(0, 1, 2, 64, 75);
            assertThat(r.err()).as("stderr of %s on %s", args, input)
                    .doesNotContain("\tat ").doesNotContain("Exception in thread");
            Statistics.collect(command, r.exit());
        } finally {
            Trees.delete(dir);
        }
    }
}
