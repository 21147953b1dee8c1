package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StepRegistry;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import io.dataflows.steps.internal.connector.WaitStep;
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
 * What every built-in step type must have, checked on the types the services file registers — so adding a type
 * needs no list in the tests: the class, its line in {@code META-INF/services/io.dataflows.spi.StepType} and in
 * the {@code provides} of {@code module-info.java}, and optionally a {@link Steps} factory.
 */
class StepTypeConventionsTest {

    private final StepRegistry registry = StepRegistry.discover();

    private List<StepType> builtIns() {
        return registry.types().stream()
                .filter(t -> t.getClass().getName().startsWith("io.dataflows.steps."))
                .collect(Collectors.toList());
    }

    @Test
    void everyTypeLoads() {
        assertThat(registry.loadProblems()).isEmpty();
        assertThat(builtIns()).hasSizeGreaterThan(40);
    }

    @Test
    void everyTypeDescribesItselfAndItsConfigFields() {
        for (StepType type : builtIns()) {
            String id = type.id();
            assertThat(id).as("id of " + type.getClass().getName()).matches("[a-z][a-z0-9_]*");
            assertThat(type.displayName()).as(id + " display name").isNotBlank().isNotEqualTo(id);
            assertThat(type.description()).as(id + " description").isNotBlank().endsWith(".").doesNotContain("\n");
            assertThat(type.group()).as(id + " group").isNotBlank();
            for (ConfigField field : type.configSchema().fields()) {
                assertThat(field.description()).as(id + "." + field.name() + " description").isNotBlank();
            }
        }
    }

    @Test
    void theIdPrefixSaysTheKind() {
        for (StepType type : builtIns()) {
            String id = type.id();
            if (id.startsWith("connector_")) {
                assertThat(type.kind()).as(id).isEqualTo(StepKind.CONNECTOR);
            } else if (id.startsWith("reader_")) {
                assertThat(type.kind()).as(id).isEqualTo(StepKind.READER);
            } else if (id.startsWith("writer_")) {
                assertThat(type.kind()).as(id).isEqualTo(StepKind.WRITER);
            } else if (id.startsWith("trigger_")) {
                // a trigger is a connector or a reader (trigger_event's records are its events)
                assertThat(type.kind()).as(id).isIn(StepKind.CONNECTOR, StepKind.READER);
                assertThat(type.group()).as(id).isEqualTo("triggers");
            } else {
                assertThat(id).as(id).startsWith("flow_");
                assertThat(type.kind().isFlow()).as(id + " is a flow step").isTrue();
            }
        }
    }

    @Test
    void everyStepTypeClassOfTheModuleIsRegistered() throws IOException, URISyntaxException {
        Path classes = Path.of(WaitStep.class.getProtectionDomain().getCodeSource().getLocation().toURI());
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
                // Only classes ServiceLoader can make (a public no-argument constructor) are registered: the steps
                // made from lambdas (Steps.map, Steps.sink, ...) hold the caller's function and are never discovered.
                if (StepType.class.isAssignableFrom(c) && !c.isInterface()
                        && !Modifier.isAbstract(c.getModifiers()) && hasPublicNoArgConstructor(c)) {
                    implementations.add(c.getName());
                }
            }
        }
        Set<String> registered = builtIns().stream().map(t -> t.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(implementations).as("step type classes in the module").isNotEmpty();
        assertThat(registered).as("registered in META-INF/services/io.dataflows.spi.StepType")
                .containsExactlyElementsOf(implementations);
        assertThat(providedByTheModule(classes)).as("provided in module-info.java (provides StepType with ...)")
                .containsExactlyElementsOf(implementations);
    }

    /** The step types the module descriptor provides: on the module path they, not the services file, count. */
    private static Set<String> providedByTheModule(Path classes) throws IOException {
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor module = ModuleDescriptor.read(in);
            assertThat(module.name()).isEqualTo("io.dataflows.steps");
            return module.provides().stream().filter(p -> p.service().equals(StepType.class.getName()))
                    .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> c) {
        try {
            return Modifier.isPublic(c.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Test
    void idsAreUnique() {
        List<String> ids = builtIns().stream().map(StepType::id).collect(Collectors.toList());
        assertThat(ids).doesNotHaveDuplicates();
    }
}
