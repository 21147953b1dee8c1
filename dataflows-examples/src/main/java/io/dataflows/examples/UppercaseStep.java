package io.dataflows.examples;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Locale;
import java.util.Map;

/**
 * A custom step type: upper-cases one text field of every record. Config: {@code field} (required).
 *
 * <p>It is registered in {@code META-INF/services/io.dataflows.spi.StepType}, so {@code StepRegistry.discover()}
 * finds it and flows can use {@code type: acme_uppercase}, in Java or in YAML.
 */
public final class UppercaseStep implements FlowStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("field", FieldType.STRING).required().describe("Name of the field to upper-case"))
            .build();

    @Override
    public String id() {
        return "acme_uppercase";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String group() {
        return "flowtransformers";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public String description() {
        return "Upper-cases one text field of every record (an example of a custom step type).";
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of();
    }

    @Override
    public RecordProcessor open(StepContext context) {
        // Read the config once per run; records are then handled without further lookups.
        String field = context.config().string("field");
        return (record, out) -> {
            Object value = record.get(field);
            out.emit(value == null ? record : record.with(field, value.toString().toUpperCase(Locale.ROOT)));
        };
    }

}
