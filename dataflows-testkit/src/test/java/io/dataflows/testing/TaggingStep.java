package io.dataflows.testing;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flow step for the harness's tests: sets {@code field} to {@code value} (a template, so it can read the record),
 * prints one line per record and publishes how many records it tagged as {@code vars.tagged}.
 */
final class TaggingStep implements FlowStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("field", FieldType.STRING).required().describe("Field to set"))
            .field(ConfigField.of("value", FieldType.STRING).required().describe("Value to set it to"))
            .build();

    @Override
    public String id() {
        return "acme_tag";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String displayName() {
        return "Tag";
    }

    @Override
    public String description() {
        return "Sets a field of every record.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public RecordProcessor open(StepContext context) {
        String field = context.config().string("field");
        AtomicLong tagged = new AtomicLong();
        return (record, out) -> {
            String value = context.config().string("value");
            context.out().println("tagging " + record.get("id") + " with " + value);
            out.emit(record.with(field, value));
            context.output("vars.tagged", tagged.incrementAndGet());
        };
    }
}
