package io.dataflows;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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

    private StepSpec(String type, Map<String, Object> config) {
        this.type = type;
        this.config = config;
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
        return new StepSpec(type, Collections.emptyMap());
    }

    /** A spec of {@code type} with the given config (copied, order kept). */
    public static StepSpec of(String type, Map<String, ?> config) {
        StepSpec spec = of(type);
        Map<String, Object> copy = new LinkedHashMap<>();
        config.forEach((k, v) -> copy.put(k, DataValues.normalize(v, k)));
        return new StepSpec(spec.type, Collections.unmodifiableMap(copy));
    }

    /** Returns a spec with {@code key} set to {@code value} (added last, or replaced in place). */
    public StepSpec with(String key, Object value) {
        Objects.requireNonNull(key, "key");
        Map<String, Object> copy = new LinkedHashMap<>(config);
        copy.put(key, DataValues.normalize(value, key));
        return new StepSpec(type, Collections.unmodifiableMap(copy));
    }

    /** Returns a spec without {@code key}. */
    public StepSpec without(String key) {
        Map<String, Object> copy = new LinkedHashMap<>(config);
        copy.remove(key);
        return new StepSpec(type, Collections.unmodifiableMap(copy));
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

    /** The config (unmodifiable, in insertion order). */
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StepSpec && ((StepSpec) o).type.equals(type) && ((StepSpec) o).config.equals(config);
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
