package io.dataflows.dot;

import io.dataflows.StepRegistry;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestConnector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Step types for the DOT tests: the core test kit plus a switch, a trigger and a connector with side effects. */
final class DotTestTypes {

    private DotTestTypes() {}

    /** test_source, test_sink, test_connector, test_switch, test_trigger, test_effect — nothing discovered. */
    static StepRegistry registry() {
        return StepRegistry.builder().add(new ArraySource()).add(CollectingSink.isolated())
                .add(TestConnector.isolated())
                .add(new Switch()).add(new Trigger()).add(new Effect()).build();
    }

    /**
     * {@code test_switch}: routes each record to the first case whose value equals the record's {@code field};
     * its outputs are the case names ({@code cases: {nz: NZ, other: AU}}).
     */
    public static final class Switch implements FlowStep {
        private static final ConfigSchema CONFIG = ConfigSchema.builder()
                .field(ConfigField.of("field", FieldType.STRING).required())
                .field(ConfigField.of("cases", FieldType.MAP).required())
                .build();

        @Override
        public String id() {
            return "test_switch";
        }

        @Override
        public StepKind kind() {
            return StepKind.FLOW;
        }

        @Override
        public String group() {
            return "flowlogics";
        }

        @Override
        public ConfigSchema configSchema() {
            return CONFIG;
        }

        @Override
        public LinkLimits links() {
            return LinkLimits.of(1, 1, 0, 0, 1, 20, 0, 0);
        }

        @Override
        public List<String> outputLabels(Map<String, Object> config) {
            Object cases = config.get("cases");
            List<String> labels = new ArrayList<>();
            if (cases instanceof Map) {
                ((Map<?, ?>) cases).keySet().forEach(k -> labels.add(String.valueOf(k)));
            }
            return labels;
        }

        @Override
        public RecordProcessor open(StepContext context) {
            String field = context.config().string("field");
            List<String> values = new ArrayList<>();
            context.config().map("cases").values().forEach(v -> values.add(String.valueOf(v)));
            return (record, out) -> {
                int i = values.indexOf(String.valueOf(record.get(field)));
                if (i >= 0) {
                    out.emit(i, record);
                }
            };
        }
    }

    /** {@code test_trigger}: a connector in the {@code triggers} group that does nothing. */
    public static final class Trigger implements ConnectorStep {
        @Override
        public String id() {
            return "test_trigger";
        }

        @Override
        public StepKind kind() {
            return StepKind.CONNECTOR;
        }

        @Override
        public String group() {
            return "triggers";
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.empty();
        }

        @Override
        public Outcome run(StepContext context) {
            return Outcome.CONTINUE;
        }
    }

    /** {@code test_effect}: a connector with side effects that does nothing. */
    public static final class Effect implements ConnectorStep {
        @Override
        public String id() {
            return "test_effect";
        }

        @Override
        public StepKind kind() {
            return StepKind.CONNECTOR;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.empty();
        }

        @Override
        public boolean hasSideEffects(Map<String, Object> config) {
            return true;
        }

        @Override
        public Outcome run(StepContext context) {
            return Outcome.CONTINUE;
        }
    }
}
