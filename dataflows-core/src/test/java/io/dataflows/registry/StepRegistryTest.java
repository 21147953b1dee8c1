package io.dataflows.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.StepRegistry;
import io.dataflows.StepTypeConflictException;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestConnector;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepRegistryTest {

    /** Claims the id of {@link TestConnector}. */
    public static final class Impostor implements io.dataflows.spi.ConnectorStep {
        @Override
        public String id() {
            return TestConnector.ID;
        }

        @Override
        public StepKind kind() {
            return StepKind.CONNECTOR;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.empty();
        }

        @Override
        public Outcome run(StepContext context) {
            return Outcome.CONTINUE;
        }
    }

    /** Cannot be instantiated by ServiceLoader. */
    public static final class NoDefaultConstructor extends io.dataflows.testkit.ArraySourceLike {
        public NoDefaultConstructor(String unused) {}
    }

    private static ClassLoader loaderListing(Path dir, String... classNames) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.dataflows.spi.StepType"), String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, StepRegistryTest.class.getClassLoader());
    }

    @Test
    void twoTypesWithTheSameIdFailNamingBothClasses() {
        assertThatThrownBy(() -> StepRegistry.builder().add(new TestConnector()).add(new Impostor()))
                .isInstanceOf(StepTypeConflictException.class)
                .hasMessageStartingWith("Step type 'test_connector' is provided by both "
                        + "io.dataflows.testkit.TestConnector")
                .hasMessageContaining("and io.dataflows.registry.StepRegistryTest$Impostor")
                .hasMessageContaining("choose one with StepRegistry.builder().override(...)");
    }

    @Test
    void overrideChoosesOneExplicitly() {
        StepRegistry r = StepRegistry.builder().add(new TestConnector()).override(new Impostor()).build();
        assertThat(r.find("test_connector")).get().isInstanceOf(Impostor.class);
    }

    @Test
    void duplicatesFoundByDiscoveryFailToo(@TempDir Path dir) throws IOException {
        ClassLoader loader = loaderListing(dir, TestConnector.class.getName(), Impostor.class.getName());
        assertThatThrownBy(() -> StepRegistry.discover(loader)).isInstanceOf(StepTypeConflictException.class);
    }

    @Test
    void brokenProvidersAreReportedAndTheOthersStillLoad(@TempDir Path dir) throws IOException {
        ClassLoader loader = loaderListing(dir, "com.example.DoesNotExist", NoDefaultConstructor.class.getName(),
                ArraySource.class.getName());

        StepRegistry r = StepRegistry.discover(loader);

        assertThat(r.find(ArraySource.ID)).isPresent();
        assertThat(r.loadProblems()).hasSize(2);
        assertThat(r.loadProblems().get(0)).startsWith("A step type provider failed to load: ")
                .contains("com.example.DoesNotExist");
        assertThat(r.loadProblems().get(1)).contains(NoDefaultConstructor.class.getName());
    }

    @Test
    void typesAreFoundByIdOrByTheirPhpClassName() {
        StepRegistry r = StepRegistry.builder().add(new TestConnector()).build();
        assertThat(r.find("\\tool_dataflows\\local\\step\\test_connector")).isPresent();
        assertThat(r.find("tool_dataflows\\local\\step\\test_connector")).isPresent();
        assertThat(r.find("nope")).isEmpty();
        assertThat(r.ids()).containsExactly("test_connector");
    }
}
