package io.dataflows;

import com.google.common.collect.ImmutableList;
import io.dataflows.spi.StepType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a {@link Dataflow}: its alias (the id used in {@code depends_on} and in {@code steps.<alias>}
 * expressions), display name, description, step type, config, published variables and dependencies.
 * Immutable; {@link #toString} never shows config values.
 */
public final class Step {

    private final String alias;
    private final String name;
    private final String description;
    private final String type;
    private final Map<String, Object> config;
    private final Map<String, Object> vars;
    private final List<String> dependsOn;
    private final StepType implementation;

    Step(String alias, String name, String description, String type, Map<String, Object> config,
            Map<String, Object> vars, List<String> dependsOn, StepType implementation) {
        this.alias = Objects.requireNonNull(alias, "alias");
        this.name = name == null || name.isEmpty() ? alias : name;
        this.description = description == null ? "" : description;
        this.type = Objects.requireNonNull(type, "type");
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        this.dependsOn = ImmutableList.copyOf(dependsOn);
        this.implementation = implementation;
    }

    /** The alias: unique in the dataflow, used by {@code depends_on} and {@code steps.<alias>}. */
    public String alias() {
        return alias;
    }

    /** The display name (defaults to the alias). */
    public String name() {
        return name;
    }

    /** The description, possibly empty. */
    public String description() {
        return description;
    }

    /**
     * The step type as written in the definition: a type id ({@code reader_csv}) or the tool_dataflows class form
     * ({@code \tool_dataflows\local\step\reader_csv}), preserved for export.
     */
    public String type() {
        return type;
    }

    /**
     * The step type given in code with {@link StepSpec#of(StepType)} (a lambda step, for example), used instead of
     * looking {@link #type()} up in the engine's registry; empty for steps of registered types. A dataflow with
     * such a step runs, validates and draws, but cannot be exported to YAML or JSON.
     */
    public Optional<StepType> implementation() {
        return Optional.ofNullable(implementation);
    }

    /** The step type id: {@link #type()} without a PHP namespace ({@code reader_csv}). */
    public String typeId() {
        return typeIdOf(type);
    }

    /** The config as defined (unmodifiable, ordered); strings may hold {@code ${{ }}} expressions. */
    public Map<String, Object> config() {
        return config;
    }

    /** The variables this step publishes as {@code steps.<alias>.vars.*}, as defined (unmodifiable, ordered). */
    public Map<String, Object> vars() {
        return vars;
    }

    /**
     * The dependencies as written: {@code alias}, {@code alias:position} (1-based output of a multi-output step) or
     * {@code alias:label} (a named output, such as a switch case).
     */
    public List<String> dependsOn() {
        return dependsOn;
    }

    /** Returns the type id for a type as written: {@code \tool_dataflows\local\step\reader_csv} → {@code reader_csv}. */
    public static String typeIdOf(String type) {
        int slash = type.lastIndexOf('\\');
        return slash >= 0 ? type.substring(slash + 1) : type;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Step)) {
            return false;
        }
        Step s = (Step) o;
        return alias.equals(s.alias) && name.equals(s.name) && description.equals(s.description)
                && type.equals(s.type) && config.equals(s.config) && vars.equals(s.vars)
                && dependsOn.equals(s.dependsOn) && implementation == s.implementation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(alias, name, description, type, config, vars, dependsOn);
    }

    /** Alias, type and dependencies; never config values, which may be secret. */
    @Override
    public String toString() {
        return alias + " (" + typeId() + (dependsOn.isEmpty() ? "" : ", depends on " + dependsOn) + ")";
    }
}
