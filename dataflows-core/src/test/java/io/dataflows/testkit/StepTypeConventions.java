package io.dataflows.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StepRegistry;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/**
 * What every step type a module ships must have, checked on the types its services file registers, so that a
 * module's tests need no list of its types: each class is in {@code META-INF/services/io.dataflows.spi.StepType}
 * and in the {@code provides} of its {@code module-info.java}, describes itself and its config fields, and has an id
 * whose prefix says its kind.
 */
public final class StepTypeConventions {

    private final StepRegistry registry = StepRegistry.discover();
    private final Class<?> anyClass;
    private final String moduleName;
    private final String packagePrefix;

    /**
     * @param anyClass a class compiled into the module's main classes, to find them
     * @param moduleName the module's name, as its descriptor declares it
     * @param packagePrefix the package prefix of the module's classes ({@code io.dataflows.http.})
     */
    public StepTypeConventions(Class<?> anyClass, String moduleName, String packagePrefix) {
        this.anyClass = anyClass;
        this.moduleName = moduleName;
        this.packagePrefix = packagePrefix;
    }

    /** The module's discovered step types. */
    public List<StepType> types() {
        return registry.types().stream().filter(t -> t.getClass().getName().startsWith(packagePrefix))
                .collect(Collectors.toList());
    }

    /** Checks everything: the types load, describe themselves, are named by kind, registered both ways, unique. */
    public void check() {
        assertThat(registry.loadProblems()).isEmpty();
        assertThat(types()).as("step types of " + moduleName).isNotEmpty();
        checkDescriptions();
        checkIdPrefixes();
        checkRegistration();
        assertThat(types().stream().map(StepType::id).collect(Collectors.toList())).doesNotHaveDuplicates();
    }

    /** Ids are lower case, display names and descriptions (one sentence line) and field descriptions are present. */
    public void checkDescriptions() {
        for (StepType type : types()) {
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

    /** {@code connector_}, {@code reader_}, {@code writer_}, {@code trigger_} or {@code flow_}, as the kind says. */
    public void checkIdPrefixes() {
        for (StepType type : types()) {
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

    /** Every concrete step type class of the module is in the services file and in the module's {@code provides}. */
    public void checkRegistration() {
        Path classes;
        try {
            classes = Path.of(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Set<String> implementations = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class")
                    && !f.getFileName().toString().equals("module-info.class"))::iterator) {
                String name = classes.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".");
                name = name.substring(0, name.length() - ".class".length());
                Class<?> c;
                try {
                    c = Class.forName(name, false, anyClass.getClassLoader());
                } catch (ClassNotFoundException e) {
                    throw new AssertionError(name, e);
                }
                // Only classes ServiceLoader can make (a public no-argument constructor) are registered: step types
                // made from lambdas hold the caller's function and are never discovered.
                if (StepType.class.isAssignableFrom(c) && !c.isInterface()
                        && !Modifier.isAbstract(c.getModifiers()) && hasPublicNoArgConstructor(c)) {
                    implementations.add(c.getName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> registered = types().stream().map(t -> t.getClass().getName())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(implementations).as("step type classes in the module").isNotEmpty();
        assertThat(registered).as("registered in META-INF/services/io.dataflows.spi.StepType")
                .containsExactlyElementsOf(implementations);
        assertThat(providedByTheModule(classes)).as("provided in module-info.java (provides StepType with ...)")
                .containsExactlyElementsOf(implementations);
    }

    /** The step types the module descriptor provides: on the module path they, not the services file, count. */
    private Set<String> providedByTheModule(Path classes) {
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            ModuleDescriptor module = ModuleDescriptor.read(in);
            assertThat(module.name()).isEqualTo(moduleName);
            return module.provides().stream().filter(p -> p.service().equals(StepType.class.getName()))
                    .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hasPublicNoArgConstructor(Class<?> c) {
        try {
            return Modifier.isPublic(c.getConstructor().getModifiers());
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
