package io.dataflows.spi;

import io.dataflows.EngineSetup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What an application tells a {@link RunnerProvider} about the runs of its runner, in JDK types only: the settings
 * every runner understands (permitted directories, parallelism, the setup of the workers' engines) and
 * runner-specific options by name
 * ({@link RunnerProvider#options()}), such as the master of a Flink cluster. Immutable.
 *
 * <pre>{@code
 * RunnerSettings settings = RunnerSettings.builder()
 *         .permittedDirectory(Path.of("/data"))
 *         .parallelism(4)
 *         .option("master", "jobmanager.example:8081")
 *         .build();
 * }</pre>
 */
public final class RunnerSettings {

    private static final RunnerSettings DEFAULTS = builder().build();

    private final List<Path> permittedDirectories;
    private final int parallelism;
    private final Map<String, String> options;
    private final EngineSetup workerSetup;

    private RunnerSettings(Builder b) {
        this.permittedDirectories = List.copyOf(b.permittedDirectories);
        this.parallelism = b.parallelism;
        this.workerSetup = b.workerSetup;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
    }

    /** No permitted directories, the runner's default parallelism and no options. */
    public static RunnerSettings defaults() {
        return DEFAULTS;
    }

    /** A builder of settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The directories absolute paths may lead into where the steps run, as
     * {@link io.dataflows.DataflowEngine.Builder#permittedDirectory} permits them to a local engine: runners whose
     * workers build engines of their own pass them on, because the workers do not get the engine's settings.
     */
    public List<Path> permittedDirectories() {
        return permittedDirectories;
    }

    /** How many parallel workers the runner uses per stage; empty for the runner's default. */
    public OptionalInt parallelism() {
        return parallelism == 0 ? OptionalInt.empty() : OptionalInt.of(parallelism);
    }

    /**
     * What runners whose workers build engines of their own configure on each of them: global variables and
     * settings, secrets and the like, as the application configured its engine ({@link EngineSetup}). Default:
     * {@link EngineSetup#none()}.
     */
    public EngineSetup workerSetup() {
        return workerSetup;
    }

    /** The runner-specific options, by name, in the order they were set. */
    public Map<String, String> options() {
        return options;
    }

    /** The runner-specific option {@code name}, if set. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    @Override
    public String toString() {
        return "RunnerSettings[permitted " + permittedDirectories + ", parallelism "
                + (parallelism == 0 ? "default" : parallelism) + ", options " + options + "]";
    }

    /** Builds {@link RunnerSettings}. Not thread-safe. */
    public static final class Builder {
        private final List<Path> permittedDirectories = new ArrayList<>();
        private int parallelism;
        private final Map<String, String> options = new LinkedHashMap<>();
        private EngineSetup workerSetup = EngineSetup.none();

        private Builder() {}

        /** The setup of the workers' engines ({@link RunnerSettings#workerSetup()}). */
        public Builder workerSetup(EngineSetup setup) {
            this.workerSetup = Objects.requireNonNull(setup, "setup");
            return this;
        }

        /** Adds a directory absolute paths may lead into ({@link RunnerSettings#permittedDirectories()}). */
        public Builder permittedDirectory(Path dir) {
            permittedDirectories.add(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /**
         * The parallel workers per stage.
         *
         * @throws IllegalArgumentException if {@code parallelism} is less than 1
         */
        public Builder parallelism(int parallelism) {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
            }
            this.parallelism = parallelism;
            return this;
        }

        /**
         * Sets the runner-specific option {@code name} ({@link RunnerProvider#options()}), replacing an earlier value.
         *
         * @throws IllegalArgumentException if {@code value} is blank
         */
        public Builder option(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (value.isBlank()) {
                throw new IllegalArgumentException("the runner option '" + name + "' must not be blank");
            }
            options.put(name, value);
            return this;
        }

        /** The settings. */
        public RunnerSettings build() {
            return new RunnerSettings(this);
        }
    }
}
