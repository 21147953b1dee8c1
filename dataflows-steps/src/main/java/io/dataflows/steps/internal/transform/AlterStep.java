package io.dataflows.steps.internal.transform;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Evaluation;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code flow_transformer_alter}: sets record fields from {@code expressions}, a map of field name to value. Each
 * value is a template: literal text stays text, {@code ${{ }}} parts are substituted, and a value that is exactly one
 * expression keeps its type ({@code '${{ record.a + record.b }}'} is a number). Every value is evaluated against the
 * input record, then the fields are set in config order: existing fields are replaced in place, new ones appended.
 */
public final class AlterStep implements FlowStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("expressions", FieldType.MAP).required().evaluation(Evaluation.TEMPLATE_MAP)
                    .describe("Field name to value (a template)"))
            .build();

    @Override
    public String id() {
        return "flow_transformer_alter";
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
    public String displayName() {
        return "Alteration transformer";
    }

    @Override
    public String description() {
        return "Sets or replaces record fields with values computed from the input record.";
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

    /** The input's fields and the fields of {@code expressions}. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        Object expressions = config.get("expressions");
        if (!(expressions instanceof Map)) {
            return RecordShape.unknown();
        }
        List<String> fields = new ArrayList<>();
        ((Map<?, ?>) expressions).keySet().forEach(k -> fields.add(String.valueOf(k)));
        return input.with(fields);
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        Map<String, Template> templates = ctx.config().templates("expressions");
        String[] fields = templates.keySet().toArray(new String[0]);
        Template[] values = templates.values().toArray(new Template[0]);
        Object[] results = new Object[fields.length];
        return (record, out) -> {
            for (int i = 0; i < values.length; i++) {
                results[i] = values[i].evaluate();
            }
            DataRecord altered = record;
            for (int i = 0; i < fields.length; i++) {
                altered = altered.with(fields[i], results[i]);
                results[i] = null;
            }
            out.emit(altered);
        };
    }
}
