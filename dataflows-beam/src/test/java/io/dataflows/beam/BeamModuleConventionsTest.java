package io.dataflows.beam;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.testkit.StepTypeConventions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module ships no step types: the steps of a translated dataflow are those of the other modules. Its descriptor
 * exports only the API package and provides nothing, and no step type of it is discovered.
 */
class BeamModuleConventionsTest {

    @Test
    void theModuleProvidesNoStepTypes() throws IOException, URISyntaxException {
        StepTypeConventions conventions =
                new StepTypeConventions(BeamRunner.class, "io.dataflows.beam", "io.dataflows.beam.");
        assertThat(conventions.types()).isEmpty();
        assertThat(BeamRunner.class.getClassLoader().getResource("META-INF/services/io.dataflows.spi.StepType"))
                .as("a services file of this module").satisfiesAnyOf(
                        url -> assertThat(url).isNull(),
                        url -> assertThat(url.toString()).doesNotContain("dataflows-beam"));
        Path classes = Path.of(BeamRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor descriptor = ModuleDescriptor.read(in);
            assertThat(descriptor.name()).isEqualTo("io.dataflows.beam");
            assertThat(descriptor.provides()).isEmpty();
            assertThat(descriptor.exports()).extracting(ModuleDescriptor.Exports::source)
                    .containsExactly("io.dataflows.beam");
        }
    }
}
