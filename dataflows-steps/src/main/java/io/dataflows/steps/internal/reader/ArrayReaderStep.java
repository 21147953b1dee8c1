package io.dataflows.steps.internal.reader;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code reader_array}: emits the maps of its {@code source} config list as records, in order (tool_dataflows' test
 * reader {@code direct_in_type}, made a real step for small inline data sets). Every item must be a map; the values
 * are taken as written (expressions in them are not evaluated).
 */
public final class ArrayReaderStep implements ReaderStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("source", FieldType.LIST).required()
                    .describe("The records: a list of maps"))
            .build();

    @Override
    public String id() {
        return "reader_array";
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public String group() {
        return "readers";
    }

    @Override
    public String displayName() {
        return "Array reader";
    }

    @Override
    public String description() {
        return "Emits the maps listed in its config as records.";
    }

    /** Handles each record on its own and keeps no run-wide state: it may run distributed. */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public void validate(StepValidation validation) {
        Object source = validation.config().get("source");
        if (source instanceof List) {
            List<?> items = (List<?>) source;
            for (int i = 0; i < items.size(); i++) {
                if (!(items.get(i) instanceof Map)) {
                    validation.problem("source", notAMap(i, items.get(i)));
                    return;
                }
            }
        }
    }

    /** The keys of the records in {@code source}. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        Object source = config.get("source");
        if (!(source instanceof List)) {
            return RecordShape.unknown();
        }
        Set<String> fields = new LinkedHashSet<>();
        for (Object item : (List<?>) source) {
            if (!(item instanceof Map)) {
                return RecordShape.unknown(); // reported by validate
            }
            ((Map<?, ?>) item).keySet().forEach(k -> fields.add(String.valueOf(k)));
        }
        return RecordShape.of(fields);
    }

    /** Yes: its records come from its config, resolved before the first one. */
    @Override
    public boolean canReadAhead(Map<String, Object> config) {
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void read(StepContext ctx, Emitter out) throws Exception {
        List<Object> items = ctx.config().list("source");
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof Map)) {
                throw new DataflowException(notAMap(i, item));
            }
            out.emit(DataRecord.fromMap((Map<String, ?>) item));
        }
    }

    private static String notAMap(int index, Object item) {
        return "Config 'source' is invalid. The item at index " + index + " is not a map (got "
                + (item == null ? "null" : item instanceof List ? "a list" : "'" + item + "'") + ").";
    }
}
