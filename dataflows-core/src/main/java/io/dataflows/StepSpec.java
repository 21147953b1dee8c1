package io.dataflows;

import io.dataflows.spi.StepType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step is: a step type id and its configuration. Immutable; {@link #with} returns a new spec.
 *
 * <pre>{@code
 * StepSpec spec = StepSpec.of("reader_csv").with("path", "users.csv").with("delimiter", ";");
 * }</pre>
 *
 * <p>Any registered step type can be used this way; {@code io.dataflows.steps.Steps} offers typed factories for the
 * built-in ones. Config values are JSON-like (strings, numbers, booleans, lists, maps), normalised as in
 * {@link DataRecord} (an {@code Integer} is stored as a {@code Long}); strings may contain {@code ${{ }}}
 * expressions. {@link #toString} never shows config values.
 */
public final class StepSpec implements StepDefinition {

    private final String type;
    private final Map<String, Object> config;
    private final StepType implementation;

    private StepSpec(String type, Map<String, Object> config, StepType implementation) {
        this.type = type;
        this.config = config;
        this.implementation = implementation;
    }

    /**
     * A spec of {@code type} with an empty config.
     *
     * @param type a step type id ({@code reader_csv}) or its tool_dataflows class form
     *     ({@code \tool_dataflows\local\step\reader_csv})
     */
    public static StepSpec of(String type) {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("step type must not be blank");
        }
        return new StepSpec(type, Collections.emptyMap(), null);
    }

    /**
     * A spec whose step type is given in code rather than looked up by id in the engine's registry: no class on
     * the service list, no registration. {@link #type()} is the type's id. Lambda steps
     * ({@code io.dataflows.steps.Steps.map(...)}) are made this way.
     *
     * <p>A dataflow with such a step validates, runs and draws like any other, but it cannot be exported:
     * {@link Definitions#toYaml} and {@link Definitions#toJson} fail naming the step, since the implementation
     * is code, not configuration.
     */
    public static StepSpec of(StepType implementation) {
        Objects.requireNonNull(implementation, "implementation");
        return new StepSpec(of(implementation.id()).type, Collections.emptyMap(), implementation);
    }

    /** A spec of {@code type} with the given config (copied, order kept). */
    public static StepSpec of(String type, Map<String, ?> config) {
        StepSpec spec = of(type);
        Map<String, Object> copy = new LinkedHashMap<>();
        config.forEach((k, v) -> copy.put(k, DataValues.normalize(v, k)));
        return new StepSpec(spec.type, Collections.unmodifiableMap(copy), null);
    }

    /** Returns a spec with {@code key} set to {@code value} (added last, or replaced in place). */
    public StepSpec with(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Map<String, Object> copy = new LinkedHashMap<>(config);
        copy.put(key, DataValues.normalize(value, key));
        return new StepSpec(type, Collections.unmodifiableMap(copy), implementation);
    }

    /** Returns a spec without {@code key}. */
    public StepSpec without(String key) {
        Map<String, Object> copy = new LinkedHashMap<>(config);
        copy.remove(key);
        return new StepSpec(type, Collections.unmodifiableMap(copy), implementation);
    }

    /** Returns this spec. */
    @Override
    public StepSpec toStepSpec() {
        return this;
    }

    /** The step type as given. */
    public String type() {
        return type;
    }

    /** The step type given in code ({@link #of(StepType)}); empty for a type looked up by id. */
    public Optional<StepType> implementation() {
        return Optional.ofNullable(implementation);
    }

    /** The config (unmodifiable, in insertion order). */
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepSpec && ((StepSpec) o).type.equals(type) && ((StepSpec) o).config.equals(config)
                && ((StepSpec) o).implementation == implementation;
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + config.hashCode();
    }

    /** Type and config keys only: values may be secret. */
    @Override
    public String toString() {
        return "StepSpec[" + type + ", config keys=" + config.keySet() + "]";
    }
}
