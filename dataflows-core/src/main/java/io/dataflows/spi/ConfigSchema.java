package io.dataflows.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The config fields a step type accepts. Keys outside the schema are reported by validation with the known keys
 * listed. Immutable.
 *
 * <pre>{@code
 * ConfigSchema.builder()
 *     .field(ConfigField.of("path", FieldType.STRING).required().path(PathAccess.READ))
 *     .field(ConfigField.of("delimiter", FieldType.STRING).defaultValue(","))
 *     .build();
 * }</pre>
 */
public final class ConfigSchema {

    private static final ConfigSchema EMPTY = new ConfigSchema(Collections.emptyMap());

    private final Map<String, ConfigField> fields;

    private ConfigSchema(Map<String, ConfigField> fields) {
        this.fields = fields;
    }

    /** A schema without fields. */
    public static ConfigSchema empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The fields in declaration order (unmodifiable). */
    public List<ConfigField> fields() {
        return List.copyOf(fields.values());
    }

    /** The field named {@code name}, if declared. */
    public Optional<ConfigField> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** Names of the secret fields. */
    public List<String> secretFields() {
        List<String> out = new ArrayList<>();
        for (ConfigField f : fields.values()) {
            if (f.isSecret()) {
                out.add(f.name());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ConfigSchema" + fields.values();
    }

    /** Builds a {@link ConfigSchema}. */
    public static final class Builder {
        private final Map<String, ConfigField> fields = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Adds a field.
         *
         * @throws IllegalArgumentException if a field with that name was already added
         */
        public Builder field(ConfigField field) {
            Objects.requireNonNull(field, "field");
            if (fields.putIfAbsent(field.name(), field) != null) {
                throw new IllegalArgumentException("config field declared twice: " + field.name());
            }
            return this;
        }

        public ConfigSchema build() {
            return new ConfigSchema(Collections.unmodifiableMap(new LinkedHashMap<>(fields)));
        }
    }
}
