package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.StepRegistry;
import io.dataflows.ValidationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * No definition, however hostile, makes reading, validating or exporting through the public API throw anything but
 * a {@link DataflowDefinitionException} (validation returns a report and never throws), or hang.
 */
class DefinitionPropertiesTest {

    private static final StepRegistry REGISTRY = StepRegistry.discover();

    @Property(tries = 300)
    void readingValidatingAndExportingThrowOnlyDefinitionExceptions(@ForAll long seed) throws IOException {
        HostileDefinitions.Input input = HostileDefinitions.generate(seed);
        Path dir = Files.createTempDirectory("dataflows-definition-properties");
        try {
            Path file = dir.resolve(input.fileName());
            Files.write(file, input.bytes());
            String outcome = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                try {
                    return check(file, dir);
                } catch (RuntimeException | Error e) {
                    throw new AssertionError(e + " on " + input, e);
                }
            }, () -> "hung on " + input);
            Statistics.collect(outcome);
        } finally {
            Trees.delete(dir);
        }
    }

    /** What became of the definition: not readable, invalid or valid. */
    private static String check(Path file, Path dir) {
        Dataflow flow;
        try {
            flow = Definitions.read(file);
        } catch (DataflowDefinitionException e) {
            assertThat(e.getMessage()).startsWith(file + ":").doesNotContain("\n");
            return "not readable";
        }
        DataflowEngine engine = DataflowEngine.builder().stepRegistry(REGISTRY).permittedDirectory(dir).build();
        ValidationReport report = engine.validate(flow, RunOptions.builder().baseDir(dir).build());
        for (Problem p : report.problems()) {
            assertThat(p.message()).isNotBlank();
        }

        String yaml = Definitions.toYaml(flow, REGISTRY);
        String json = Definitions.toJson(flow, REGISTRY);
        try {
            Definitions.readYaml(yaml, "export.yml");
            Definitions.readJson(json, "export.json");
        } catch (DataflowDefinitionException e) {
            // An export that cannot be read back is allowed to fail only the way any definition does.
            assertThat(e.getMessage()).startsWith("export.");
        }
        return report.isValid() ? "valid" : "invalid";
    }
}
