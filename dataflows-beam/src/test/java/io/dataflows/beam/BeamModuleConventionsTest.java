package io.dataflows.beam;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Runners;
import io.dataflows.spi.RunnerProvider;
import io.dataflows.testkit.StepTypeConventions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The module ships no step types: the steps of a translated dataflow are those of the other modules. Its descriptor
 * exports only the API package and provides the runners {@code beam} and {@code flink}, listed the same in its
 * services file, and no step type of it is discovered.
 */
class BeamModuleConventionsTest {

    @Test
    void theModuleProvidesNoStepTypes() throws IOException, URISyntaxException {
        StepTypeConventions conventions =
                new StepTypeConventions(BeamRunner.class, "io.dataflows.beam", "io.dataflows.beam.");
        assertThat(conventions.types()).isEmpty();
        Path classes = Path.of(BeamRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // the module's own classes, not its tests', which register a test step type
        assertThat(classes.resolve("META-INF/services/io.dataflows.spi.StepType")).doesNotExist();
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("io.dataflows.beam");
            assertThat(descriptor.provides()).singleElement().satisfies(provides -> {
                assertThat(provides.service()).isEqualTo(RunnerProvider.class.getName());
                assertThat(provides.providers()).containsExactlyElementsOf(servicesFileLines(classes));
            });
            assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                    .containsExactly("io.dataflows.beam");
        }
    }

    private static List<String> servicesFileLines(Path classes) throws IOException {
        return Files.readAllLines(classes.resolve("META-INF/services/" + RunnerProvider.class.getName())).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    @Test
    void theRunnersAreFoundByNameWithDescriptionsAndTheirOptions() {
        assertThat(Runners.names()).containsExactly("beam", "flink");
        assertThat(Runners.find("beam")).get().satisfies(p -> {
            assertThat(p.description()).isEqualTo("An Apache Beam pipeline on Beam's direct runner, in this process.");
            assertThat(p.options()).isEmpty();
        });
        assertThat(Runners.find("flink")).get().satisfies(p -> {
            assertThat(p.description()).isEqualTo(
                    "An Apache Beam pipeline on Apache Flink: its mini cluster in this process, or a cluster.");
            assertThat(p.options()).containsOnlyKeys("master");
        });
    }
}
