package io.dataflows;

import io.dataflows.internal.util.ConfigBoolean;
import io.dataflows.internal.validate.VariableWrites;
import io.dataflows.spi.StepType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A dataflow definition: a name, dataflow-level config and variables, and a graph of {@link Step}s.
 *
 * <p>Immutable and thread-safe. Build one in code with {@link #builder(String)}, or read one from YAML or JSON with
 * {@link Definitions}. A dataflow may be invalid (authoring is allowed to be unfinished); {@link
 * DataflowEngine#validate} lists every problem and {@link DataflowEngine#run} refuses an invalid dataflow.
 *
 * <pre>{@code
 * Dataflow flow = Dataflow.builder("users-by-region")
 *     .var("min_age", 18)
 *     .step("read", StepSpec.of("reader_csv").with("path", "users.csv"))
 *     .step("adults", StepSpec.of("flow_transformer_filter").with("filter", "record.age >= dataflow.vars.min_age"))
 *         .dependsOn("read")
 *     .step("write", StepSpec.of("writer_stream").with("streamname", "adults.json").with("format", "json"))
 *         .dependsOn("adults")
 *     .build();
 * }</pre>
 *
 * <p>Dataflow-level config holds {@code enabled} and {@code concurrencyenabled}, and the other keys of tool_dataflows
 * exports ({@code loghandlers}, {@code notifyonabort}, {@code minloglevel}); they are kept as written and exported
 * back. Validation reports any other key, and names and aliases longer than {@link #MAX_NAME_LENGTH} and
 * {@link #MAX_ALIAS_LENGTH}.
 */
public final class Dataflow {

    /** Config key: whether runs with {@link Trigger#AUTOMATED} may run the dataflow (manual runs always may). */
    public static final String ENABLED = "enabled";
    /**
     * Config key: {@code lenient} makes the dataflow's expressions lenient, as in tool_dataflows (see
     * {@link DataflowEngine.Builder#lenientExpressions}); {@code strict}, the default, makes an expression that cannot
     * be resolved fail its step.
     */
    public static final String EXPRESSIONS = "expressions";
    /** Config key: whether several runs of the dataflow may run at once. */
    public static final String CONCURRENCY_ENABLED = "concurrencyenabled";
    /**
     * The longest dataflow or step name validation accepts, in characters: the run history keeps the dataflow's
     * name in a column of this size.
     */
    public static final int MAX_NAME_LENGTH = 1000;
    /**
     * The longest step alias validation accepts, in characters: step state and schedules keep the alias in a
     * column of this size.
     */
    public static final int MAX_ALIAS_LENGTH = 255;

    private final String name;
    private final String id;
    private final String description;
    private final Map<String, Object> config;
    private final Map<String, Object> vars;
    private final Map<String, Step> steps;

    private Dataflow(Builder b) {
        this.name = b.name;
        this.id = b.id;
        this.description = b.description;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
        this.vars = Collections.unmodifiableMap(new LinkedHashMap<>(b.vars));
        Map<String, Step> s = new LinkedHashMap<>();
        for (StepDraft d : b.steps.values()) {
            s.put(d.alias, d.toStep());
        }
        this.steps = Collections.unmodifiableMap(s);
    }

    /** Starts a builder for a dataflow named {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** A builder holding this dataflow's definition, to derive a variant. */
    public Builder toBuilder() {
        Builder b = new Builder(name).description(description);
        b.id = id;
        b.config.clear();
        b.config.putAll(config);
        b.vars.putAll(vars);
        for (Step s : steps.values()) {
            StepDraft d = new StepDraft(s.alias(), s.type(), s.config(), s.implementation().orElse(null));
            d.name = s.name().equals(s.alias()) ? null : s.name();
            d.description = s.description();
            d.vars.putAll(s.vars());
            d.dependsOn.addAll(s.dependsOn());
            b.steps.put(d.alias, d);
            b.current = d;
        }
        return b;
    }

    public String name() {
        return name;
    }

    /**
     * The id the definition gives ({@code id:} at the top of a YAML file), if any. Expressions read
     * {@code dataflow.id}: this id (a number when it is one), or without it a number computed from the name — the
     * CRC-32 of its UTF-8 bytes — so that the same dataflow has the same id in every run and on every machine.
     */
    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    /** The description, possibly empty. */
    public String description() {
        return description;
    }

    /**
     * Whether runs with {@link Trigger#AUTOMATED} may start this dataflow; true unless the config says otherwise.
     * Manual runs of a disabled dataflow still run, with a warning. The config value is read as every configuration
     * boolean is (see docs/config-booleans.md); a value that is not a boolean, which validation reports, reads as the
     * default.
     */
    public boolean isEnabled() {
        return flag(ENABLED, true);
    }

    /**
     * Whether concurrent runs are allowed; false unless the config says otherwise. Read like {@link #isEnabled()}.
     */
    public boolean isConcurrencyEnabled() {
        return flag(CONCURRENCY_ENABLED, false);
    }

    private boolean flag(String key, boolean absent) {
        if (!config.containsKey(key)) {
            return absent;
        }
        Boolean b = ConfigBoolean.parse(config.get(key));
        return b != null ? b : absent;
    }

    /** Whether the config asks for lenient expressions ({@code expressions: lenient}). */
    public boolean hasLenientExpressions() {
        return "lenient".equals(config.get(EXPRESSIONS));
    }

    /** Dataflow-level config as written (unmodifiable, ordered). */
    public Map<String, Object> config() {
        return config;
    }

    /** Dataflow variables as defined ({@code dataflow.vars.*}); values may hold expressions. */
    public Map<String, Object> vars() {
        return vars;
    }

    /**
     * The names under {@code dataflow.vars} that the steps may set besides {@link #vars()}, as validation reads them
     * from their configs: a config value that is the path {@code dataflow.vars.<name>} (the {@code field} of
     * set-variable steps), or {@code dataflow.vars} with the keys of the step's map configs. Empty when a step
     * computes the path it writes ({@code ${{ }}}) or writes {@code dataflow} whole, so that any name may be set.
     */
    public Optional<Set<String>> variablesSetBySteps() {
        return VariableWrites.of(steps.values());
    }

    /** The steps in definition order (unmodifiable). */
    public List<Step> steps() {
        return List.copyOf(steps.values());
    }

    /** The step with {@code alias}, if any. */
    public Optional<Step> step(String alias) {
        return Optional.ofNullable(steps.get(alias));
    }

    /** Step aliases in definition order. */
    public Collection<String> aliases() {
        return steps.keySet();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Dataflow)) {
            return false;
        }
        Dataflow d = (Dataflow) o;
        return name.equals(d.name) && Objects.equals(id, d.id) && description.equals(d.description) && config.equals(d.config)
                && vars.equals(d.vars) && new ArrayList<>(steps.values()).equals(new ArrayList<>(d.steps.values()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, config, vars, steps.keySet());
    }

    /** Name and steps; never config values. */
    @Override
    public String toString() {
        return "Dataflow[" + name + ", steps=" + steps.values() + "]";
    }

    /**
     * Builds a {@link Dataflow}. Mutable and not thread-safe; {@link #build} may be called repeatedly and returns
     * independent snapshots.
     *
     * <p>Two styles mix freely. Graph style: {@code step(alias, spec)} then {@code dependsOn(...)} on the step just
     * added. Chain style: {@code start(alias, spec)}, {@code then(alias, spec)} (depends on the previous step) and
     * {@code from(alias[, output])} to continue from another step or a named output of a switch.
     */
    public static final class Builder {
        private final String name;
        private String id;
        private String description = "";
        private final Map<String, Object> config = new LinkedHashMap<>();
        private final Map<String, Object> vars = new LinkedHashMap<>();
        private final Map<String, StepDraft> steps = new LinkedHashMap<>();
        private StepDraft current;
        private String cursor;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
            config.put(ENABLED, true);
            config.put(CONCURRENCY_ENABLED, false);
        }

        public Builder description(String description) {
            this.description = Objects.requireNonNull(description, "description");
            return this;
        }

        /** The dataflow's id, read by expressions as {@code dataflow.id}; null for one computed from the name. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Whether automated runs may start the dataflow (default true). */
        public Builder enabled(boolean enabled) {
            config.put(ENABLED, enabled);
            return this;
        }

        /** Whether runs may overlap (default false). */
        public Builder concurrencyEnabled(boolean enabled) {
            config.put(CONCURRENCY_ENABLED, enabled);
            return this;
        }

        /**
         * Replaces the whole dataflow-level config, defaults included: what an import carried is kept exactly
         * ({@code enabled: '0'} stays the string {@code '0'}).
         */
        public Builder replaceConfig(Map<String, ?> values) {
            config.clear();
            values.forEach((k, v) -> config.put(k, DataValues.normalize(v, k)));
            return this;
        }

        /** Sets a dataflow-level config entry (kept and exported as written). */
        public Builder config(String key, Object value) {
            config.put(Objects.requireNonNull(key, "key"), DataValues.normalize(value, key));
            return this;
        }

        /** Sets a dataflow variable ({@code dataflow.vars.<name>}); the value may hold expressions. */
        public Builder var(String name, Object value) {
            vars.put(Objects.requireNonNull(name, "name"), DataValues.normalize(value, name));
            return this;
        }

        /** Sets several dataflow variables. */
        public Builder vars(Map<String, ?> values) {
            values.forEach(this::var);
            return this;
        }

        /**
         * Adds a step; following step-level calls ({@link #dependsOn}, {@link #stepName}, ...) apply to it.
         *
         * @throws DataflowDefinitionException if the alias is already used
         */
        public Builder step(String alias, StepDefinition definition) {
            Objects.requireNonNull(alias, "alias");
            StepSpec spec = Objects.requireNonNull(definition, "definition").toStepSpec();
            if (steps.containsKey(alias)) {
                throw new DataflowDefinitionException("The alias '" + alias
                        + "' is already in use for this dataflow.", alias, null, 0, 0, null);
            }
            StepDraft d = new StepDraft(alias, spec.type(), spec.config(), spec.implementation().orElse(null));
            steps.put(alias, d);
            current = d;
            cursor = alias;
            return this;
        }

        /** Adds dependencies to the step just added: {@code "alias"}, {@code "alias:2"} or {@code "alias:label"}. */
        public Builder dependsOn(String... references) {
            StepDraft d = requireCurrent("dependsOn");
            for (String ref : references) {
                d.dependsOn.add(Objects.requireNonNull(ref, "reference"));
            }
            return this;
        }

        /** Sets the display name of the step just added (default: its alias). */
        public Builder stepName(String stepName) {
            requireCurrent("stepName").name = Objects.requireNonNull(stepName, "stepName");
            return this;
        }

        /** Sets the description of the step just added. */
        public Builder stepDescription(String stepDescription) {
            requireCurrent("stepDescription").description = Objects.requireNonNull(stepDescription,
                    "stepDescription");
            return this;
        }

        /** Declares a variable the step just added publishes as {@code steps.<alias>.vars.<name>}. */
        public Builder stepVar(String varName, Object value) {
            requireCurrent("stepVar").vars.put(Objects.requireNonNull(varName, "varName"),
                    DataValues.normalize(value, varName));
            return this;
        }

        /** Chain style: adds a step without dependencies and moves the cursor to it. */
        public Builder start(String alias, StepDefinition definition) {
            return step(alias, definition);
        }

        /**
         * Chain style: adds a step that depends on the cursor (the previous step, or what {@link #from} chose).
         *
         * @throws IllegalStateException when there is no previous step
         */
        public Builder then(String alias, StepDefinition definition) {
            if (cursor == null) {
                throw new IllegalStateException("then() needs a previous step: call start() or from() first");
            }
            String upstream = cursor;
            step(alias, definition);
            current.dependsOn.add(upstream);
            return this;
        }

        /**
         * Chain style: continues from an existing step.
         *
         * @throws DataflowDefinitionException if there is no step with that alias
         */
        public Builder from(String alias) {
            if (!steps.containsKey(alias)) {
                throw new DataflowDefinitionException("The step dependency \"" + alias + "\" does not exist.");
            }
            cursor = alias;
            current = steps.get(alias);
            return this;
        }

        /** Chain style: continues from a named or numbered output ({@code from("route", "nz")}). */
        public Builder from(String alias, String output) {
            from(alias);
            cursor = alias + ":" + Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * Builds the dataflow.
         *
         * @throws DataflowDefinitionException if a dependency names a step that does not exist
         */
        public Dataflow build() {
            for (StepDraft d : steps.values()) {
                for (String ref : d.dependsOn) {
                    String target = ref.contains(":") ? ref.substring(0, ref.indexOf(':')) : ref;
                    if (!steps.containsKey(target)) {
                        throw new DataflowDefinitionException("The step dependency \"" + ref + "\" does not exist.",
                                d.alias, null, 0, 0, null);
                    }
                }
            }
            return new Dataflow(this);
        }

        private StepDraft requireCurrent(String method) {
            if (current == null) {
                throw new IllegalStateException(method + "() applies to the step just added: call step() first");
            }
            return current;
        }
    }

    private static final class StepDraft {
        final String alias;
        final String type;
        final Map<String, Object> config;
        final StepType implementation;
        String name;
        String description = "";
        final Map<String, Object> vars = new LinkedHashMap<>();
        final List<String> dependsOn = new ArrayList<>();

        StepDraft(String alias, String type, Map<String, Object> config, StepType implementation) {
            this.alias = alias;
            this.type = type;
            this.config = new LinkedHashMap<>(config);
            this.implementation = implementation;
        }

        Step toStep() {
            return new Step(alias, name, description, type, config, vars, dependsOn, implementation);
        }
    }
}
