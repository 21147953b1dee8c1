package io.dataflows.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StepRegistry;
import io.dataflows.aws.internal.SnsNotifyStep;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import io.dataflows.testkit.StepTypeConventions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What every AWS step type must have: a line in {@code META-INF/services/io.dataflows.spi.StepType} and in the
 * {@code provides} of {@code module-info.java}, a description, a display name and described config fields.
 */
class AwsStepTypesTest {

    private final StepRegistry registry = StepRegistry.discover();

    private List<StepType> awsTypes() {
        return registry.types().stream().filter(t -> t.getClass().getName().startsWith("io.dataflows.aws."))
                .collect(Collectors.toList());
    }

    @Test
    void everyTypeLoadsAndDescribesItselfAndItsConfigFields() {
        assertThat(registry.loadProblems()).isEmpty();
        assertThat(awsTypes()).extracting(StepType::id).containsExactlyInAnyOrder("connector_s3", "flow_s3",
                "connector_sns_notify");
        for (StepType type : awsTypes()) {
            String id = type.id();
            assertThat(id).matches("[a-z][a-z0-9_]*");
            assertThat(type.displayName()).as(id + " display name").isNotBlank().isNotEqualTo(id);
            assertThat(type.description()).as(id + " description").isNotBlank().endsWith(".").doesNotContain("\n");
            assertThat(type.group()).as(id + " group").isNotBlank();
            if (id.startsWith("connector_")) {
                assertThat(type.kind()).as(id).isEqualTo(StepKind.CONNECTOR);
            }
            for (ConfigField field : type.configSchema().fields()) {
                assertThat(field.description()).as(id + "." + field.name() + " description").isNotBlank();
            }
        }
    }

    @Test
    void theSharedConventionsHold() {
        new StepTypeConventions(SnsNotifyStep.class, "io.dataflows.aws", "io.dataflows.aws.").check();
    }

    @Test
    void theSecretFieldIsSecretAndTheOnlyOne() {
        for (String id : List.of("connector_sns_notify", "connector_s3", "flow_s3")) {
            StepType type = registry.find(id).orElseThrow();

            assertThat(type.configSchema().field("secret").orElseThrow().isSecret()).as(id).isTrue();
            assertThat(type.configSchema().fields()).as(id).filteredOn(ConfigField::isSecret)
                    .extracting(ConfigField::name).containsExactly("secret");
        }
    }

    @Test
    void everyStepTypeClassOfTheModuleIsRegisteredInBothLists() throws IOException, URISyntaxException {
        Path classes = Path.of(SnsNotifyStep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> implementations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class")
                    && !f.getFileName().toString().equals("module-info.class"))::iterator) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                Class<?> c;
                try {
                    c = Class.forName(name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(name, e);
                }
                if (StepType.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                    implementations.add(c.getName());
                }
            }
        }
        Set<String> registered = awsTypes().stream().map(t -> t.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(implementations).isNotEmpty();
        assertThat(registered).as("registered in META-INF/services/io.dataflows.spi.StepType")
                .containsExactlyElementsOf(implementations);
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor module = ModuleDescriptor.read(in);
            assertThat(module.name()).isEqualTo("io.dataflows.aws");
            assertThat(module.exports()).as("exports nothing").isEmpty();
            Set<String> provided = module.provides().stream()
                    .filter(p -> p.service().equals(StepType.class.getName()))
                    .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(provided).as("provided in module-info.java (provides StepType with ...)")
                    .containsExactlyElementsOf(implementations);
        }
    }
}
