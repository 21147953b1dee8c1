package io.dataflows.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One field of a step type's config: name, type, whether it is required, its default, whether it is secret, how
 * expressions in it are evaluated, whether it is a file path, and its allowed values. Immutable.
 *
 * <pre>{@code
 * ConfigField.of("path", FieldType.STRING).required().path(PathAccess.READ).describe("CSV file to read")
 * }</pre>
 */
public final class ConfigField {

    private final String name;
    private final FieldType type;
    private final boolean required;
    private final Object defaultValue;
    private final boolean secret;
    private final Evaluation evaluation;
    private final PathAccess pathAccess;
    private final List<String> allowedValues;
    private final String description;
    private final String label;
    private final Long minimum;

    private ConfigField(String name, FieldType type, boolean required, Object defaultValue, boolean secret,
            Evaluation evaluation, PathAccess pathAccess, List<String> allowedValues, String description,
            String label, Long minimum) {
        this.name = name;
        this.type = type;
        this.required = required;
        this.defaultValue = defaultValue;
        this.secret = secret;
        this.evaluation = evaluation;
        this.pathAccess = pathAccess;
        this.allowedValues = allowedValues;
        this.description = description;
        this.label = label;
        this.minimum = minimum;
    }

    /** An optional field of the given type, evaluated as a template. */
    public static ConfigField of(String name, FieldType type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        return new ConfigField(name, type, false, null, false, Evaluation.TEMPLATE, null, List.of(), "", name,
                null);
    }

    /** Returns a required copy: a missing or empty value is reported as {@code Config '<label>' is missing.} */
    public ConfigField required() {
        return new ConfigField(name, type, true, defaultValue, secret, evaluation, pathAccess, allowedValues,
                description, label, minimum);
    }

    /** Returns a copy with a default, used when the field is absent. */
    public ConfigField defaultValue(Object value) {
        return new ConfigField(name, type, required, value, secret, evaluation, pathAccess, allowedValues,
                description, label, minimum);
    }

    /** Returns a secret copy: the value prints as {@code *****} in exports, run states, logs and messages. */
    public ConfigField secret() {
        return new ConfigField(name, type, required, defaultValue, true, evaluation, pathAccess, allowedValues,
                description, label, minimum);
    }

    /** Returns a copy with another evaluation mode. */
    public ConfigField evaluation(Evaluation evaluation) {
        return new ConfigField(name, type, required, defaultValue, secret, Objects.requireNonNull(evaluation),
                pathAccess, allowedValues, description, label, minimum);
    }

    /** Shorthand for {@code evaluation(Evaluation.EXPRESSION)}. */
    public ConfigField expression() {
        return evaluation(Evaluation.EXPRESSION);
    }

    /** Returns a copy marked as a file path: resolved against the base directory and checked when used. */
    public ConfigField path(PathAccess access) {
        return new ConfigField(name, type, required, defaultValue, secret, evaluation, Objects.requireNonNull(access),
                allowedValues, description, label, minimum);
    }

    /** Returns a copy that accepts only these (text) values; others are {@code Config '<label>' is invalid.} */
    public ConfigField oneOf(String... values) {
        return new ConfigField(name, type, required, defaultValue, secret, evaluation, pathAccess, List.of(values),
                description, label, minimum);
    }

    /**
     * Returns a copy that accepts only numbers of at least {@code minimum} (for {@link FieldType#INTEGER} and
     * {@link FieldType#NUMBER} fields); smaller values are {@code Config '<label>' is invalid. It must be at least
     * <minimum>.}, found by validation when the value is static and when the step reads it otherwise.
     */
    public ConfigField minimum(long minimum) {
        return new ConfigField(name, type, required, defaultValue, secret, evaluation, pathAccess, allowedValues,
                description, label, minimum);
    }

    /** Returns a copy with a one-line description (shown by {@code dataflows steps TYPE}). */
    public ConfigField describe(String text) {
        return new ConfigField(name, type, required, defaultValue, secret, evaluation, pathAccess, allowedValues,
                Objects.requireNonNull(text), label, minimum);
    }

    /** Returns a copy with the label used in messages (tool_dataflows says {@code Config 'URL' is missing.}). */
    public ConfigField label(String text) {
        return new ConfigField(name, type, required, defaultValue, secret, evaluation, pathAccess, allowedValues,
                description, Objects.requireNonNull(text), minimum);
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    public boolean isRequired() {
        return required;
    }

    /** The default value; empty when there is none. */
    public Optional<Object> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public boolean isSecret() {
        return secret;
    }

    public Evaluation evaluation() {
        return evaluation;
    }

    /** The access, when the field is a file path. */
    public Optional<PathAccess> pathAccess() {
        return Optional.ofNullable(pathAccess);
    }

    /** Allowed values; empty when any value of the type is allowed. */
    public List<String> allowedValues() {
        return allowedValues;
    }

    public String description() {
        return description;
    }

    /** The smallest value allowed, when the field has one. */
    public Optional<Long> minimum() {
        return Optional.ofNullable(minimum);
    }

    /** The name used in messages. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return name + ":" + type + (required ? " (required)" : "") + (secret ? " (secret)" : "");
    }
}
