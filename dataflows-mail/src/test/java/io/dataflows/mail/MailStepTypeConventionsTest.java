package io.dataflows.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StepRegistry;
import io.dataflows.mail.internal.EmailStep;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
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
 * What every step type of this module must have, checked on the types the services file registers: the class, its
 * line in {@code META-INF/services/io.dataflows.spi.StepType} and in the {@code provides} of
 * {@code module-info.java}, a display name, a description and described config fields.
 */
class MailStepTypeConventionsTest {

    private final StepRegistry registry = StepRegistry.discover();

    private List<StepType> mailTypes() {
        return registry.types().stream().filter(t -> t.getClass().getName().startsWith("io.dataflows.mail."))
                .collect(Collectors.toList());
    }

    @Test
    void theEmailStepsAreDiscovered() {
        assertThat(registry.loadProblems()).isEmpty();
        assertThat(mailTypes()).extracting(StepType::id).containsExactlyInAnyOrder("connector_email", "flow_email");
        assertThat(registry.find("connector_email").orElseThrow().kind()).isEqualTo(StepKind.CONNECTOR);
        assertThat(registry.find("flow_email").orElseThrow().kind()).isEqualTo(StepKind.FLOW);
    }

    @Test
    void everyTypeDescribesItselfAndItsConfigFields() {
        for (StepType type : mailTypes()) {
            String id = type.id();
            assertThat(type.displayName()).as(id + " display name").isNotBlank().isNotEqualTo(id);
            assertThat(type.description()).as(id + " description").isNotBlank().endsWith(".").doesNotContain("\n");
            assertThat(type.group()).as(id + " group").isNotBlank();
            assertThat(type.hasSideEffects(java.util.Map.of())).as(id + " has side effects").isTrue();
            for (ConfigField field : type.configSchema().fields()) {
                assertThat(field.description()).as(id + "." + field.name() + " description").isNotBlank();
            }
            assertThat(type.configSchema().fields()).extracting(ConfigField::name)
                    .containsExactly("to", "name", "cc", "bcc", "subject", "message", "html");
        }
    }

    @Test
    void everyStepTypeClassOfTheModuleIsRegisteredInTheServicesFileAndTheModuleDescriptor()
            throws IOException, URISyntaxException {
        Path classes = Path.of(EmailStep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
                if (StepType.class.isAssignableFrom(c) && !c.isInterface()
                        && !Modifier.isAbstract(c.getModifiers())) {
                    implementations.add(c.getName());
                }
            }
        }
        Set<String> registered = mailTypes().stream().map(t -> t.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(implementations).containsExactly("io.dataflows.mail.internal.EmailStep$Connector",
                "io.dataflows.mail.internal.EmailStep$Flow");
        assertThat(registered).as("registered in META-INF/services/io.dataflows.spi.StepType")
                .containsExactlyElementsOf(implementations);
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor module = ModuleDescriptor.read(in);
            assertThat(module.name()).isEqualTo("io.dataflows.mail");
            assertThat(module.exports()).extracting(ModuleDescriptor.Exports::source)
                    .containsExactly("io.dataflows.mail");
            Set<String> provided = module.provides().stream()
                    .filter(p -> p.service().equals(StepType.class.getName()))
                    .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(provided).as("provided in module-info.java").containsExactlyElementsOf(implementations);
        }
    }
}
