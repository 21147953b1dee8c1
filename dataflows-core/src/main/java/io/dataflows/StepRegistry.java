package io.dataflows;

import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The step types an engine knows, by id. Immutable and thread-safe; load it once and share it.
 *
 * <p>{@link #discover()} finds every {@link StepType} listed in {@code META-INF/services/io.dataflows.spi.StepType}
 * on the class path. A provider that fails to load is skipped, logged and listed in {@link #loadProblems()}; two
 * types claiming the same id fail fast with both class names — choose one explicitly with
 * {@code StepRegistry.builder().discover().override(new MyType())}.
 */
public final class StepRegistry {

    private static final Logger log = LoggerFactory.getLogger(StepRegistry.class);

    private final Map<String, StepType> types;
    private final List<String> loadProblems;

    private StepRegistry(Map<String, StepType> types, List<String> loadProblems) {
        this.types = Collections.unmodifiableMap(new TreeMap<>(types));
        this.loadProblems = List.copyOf(loadProblems);
    }

    /** Discovers step types with the thread's context class loader. */
    public static StepRegistry discover() {
        return builder().discover().build();
    }

    /** Discovers step types with {@code loader}. */
    public static StepRegistry discover(ClassLoader loader) {
        return builder().discover(loader).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The type for an id as written in a definition: {@code reader_csv} or
     * {@code \tool_dataflows\local\step\reader_csv}.
     */
    public Optional<StepType> find(String type) {
        return Optional.ofNullable(types.get(Step.typeIdOf(type)));
    }

    /** The type of {@code step}: the implementation given with it in code, else the type its id names here. */
    public Optional<StepType> typeOf(Step step) {
        return step.implementation().or(() -> find(step.typeId()));
    }

    /** All types, sorted by id. */
    public List<StepType> types() {
        return List.copyOf(types.values());
    }

    /** All ids, sorted. */
    public List<String> ids() {
        return List.copyOf(types.keySet());
    }

    /** Providers that failed to load, with the reason. */
    public List<String> loadProblems() {
        return loadProblems;
    }

    @Override
    public String toString() {
        return "StepRegistry" + types.keySet();
    }

    /** Builds a {@link StepRegistry}. */
    public static final class Builder {
        private final Map<String, StepType> types = new TreeMap<>();
        private final List<String> problems = new ArrayList<>();

        private Builder() {}

        /** Adds every type found on the thread's context class loader (or this class's loader). */
        public Builder discover() {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return discover(loader != null ? loader : StepRegistry.class.getClassLoader());
        }

        /**
         * Adds every type found by {@link ServiceLoader} with {@code loader}.
         *
         * @throws StepTypeConflictException when two types claim the same id
         */
        public Builder discover(ClassLoader loader) {
            Iterator<StepType> it = ServiceLoader.load(StepType.class, loader).iterator();
            while (true) {
                StepType type;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    type = it.next();
                } catch (ServiceConfigurationError e) {
                    String problem = "A step type provider failed to load: " + e.getMessage();
                    problems.add(problem);
                    log.warn("{}", problem);
                    continue;
                }
                String mismatch = kindMismatch(type);
                if (mismatch != null) {
                    // One broken provider must not take the others down: reported like a provider that fails.
                    problems.add(mismatch);
                    log.warn("{}", mismatch);
                    continue;
                }
                add(type);
                log.debug("Loaded step type {} ({}, version {})", type.id(), type.getClass().getName(),
                        type.getClass().getPackage() == null ? "?"
                                : type.getClass().getPackage().getImplementationVersion());
            }
            return this;
        }

        /**
         * Adds a type.
         *
         * @throws StepTypeConflictException when a type with the same id was added before
         * @throws IllegalArgumentException when the type does not implement the interface of its
         *     {@link StepType#kind() kind} ({@link ConnectorStep}, {@link ReaderStep}, {@link FlowStep})
         */
        public Builder add(StepType type) {
            Objects.requireNonNull(type, "type");
            String id = Objects.requireNonNull(type.id(), "id() of " + type.getClass().getName());
            String mismatch = kindMismatch(type);
            if (mismatch != null) {
                throw new IllegalArgumentException(mismatch);
            }
            StepType existing = types.get(id);
            if (existing != null && existing.getClass() != type.getClass()) {
                throw new StepTypeConflictException("Step type '" + id + "' is provided by both "
                        + describe(existing) + " and " + describe(type)
                        + "; remove one from the class path or choose one with StepRegistry.builder().override(...)");
            }
            types.put(id, type);
            return this;
        }

        /**
         * Adds a type, replacing any type with the same id.
         *
         * @throws IllegalArgumentException when the type does not implement the interface of its kind
         */
        public Builder override(StepType type) {
            Objects.requireNonNull(type, "type");
            String mismatch = kindMismatch(type);
            if (mismatch != null) {
                throw new IllegalArgumentException(mismatch);
            }
            types.put(type.id(), type);
            return this;
        }

        /**
         * What is wrong when {@code type} does not implement the interface its kind is run through (the engine
         * calls a connector's {@code run}, a reader's {@code read}, a flow step's {@code open}); null when nothing is.
         */
        private static String kindMismatch(StepType type) {
            StepKind kind = type.kind();
            if (kind == null) {
                return "Step type '" + type.id() + "' (" + type.getClass().getName() + ") has no kind: kind() "
                        + "returned null";
            }
            Class<?> needed = kind == StepKind.CONNECTOR ? ConnectorStep.class
                    : kind == StepKind.READER ? ReaderStep.class : FlowStep.class;
            if (needed.isInstance(type)) {
                return null;
            }
            return "Step type '" + type.id() + "' (" + type.getClass().getName() + ") has kind "
                    + kind.name() + " but does not implement " + needed.getName()
                    + "; implement it, or return the kind of the interface the class implements";
        }

        public StepRegistry build() {
            return new StepRegistry(types, problems);
        }

        private static String describe(StepType type) {
            Class<?> c = type.getClass();
            CodeSource source = c.getProtectionDomain() == null ? null : c.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            return c.getName() + (location == null ? "" : " (" + location + ")");
        }
    }
}
