package io.dataflows.scheduler;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test connector {@code test_gate}: counts its entries, then waits until the test opens its gate (named by config
 * {@code gate}); the wait is interruptible, so a cancelled run stops in it. Each instance has gates of its own, and
 * a flow step {@code test_gate_flow} ({@link #flowStep()}) that does the same at its first record.
 */
final class GateStep implements ConnectorStep {

    static final String ID = "test_gate";
    static final String FLOW_ID = "test_gate_flow";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("gate", FieldType.STRING).required().describe("the gate to wait at"))
            .build();

    private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> entered = new ConcurrentHashMap<>();

    /** Lets every run waiting at {@code gate}, and every later one, through. */
    void open(String gate) {
        latch(gate).countDown();
    }

    /** How many runs reached {@code gate}. */
    int entered(String gate) {
        return entered.computeIfAbsent(gate, g -> new AtomicInteger()).get();
    }

    private CountDownLatch latch(String gate) {
        return gates.computeIfAbsent(gate, g -> new CountDownLatch(1));
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Outcome run(StepContext context) throws InterruptedException {
        pass(context);
        return Outcome.CONTINUE;
    }

    private void pass(StepContext context) throws InterruptedException {
        String gate = context.config().string("gate");
        entered.computeIfAbsent(gate, g -> new AtomicInteger()).incrementAndGet();
        latch(gate).await();
    }

    /** The flow step {@code test_gate_flow} of this instance's gates: it waits at its first record. */
    FlowStep flowStep() {
        return new FlowStep() {
            @Override
            public String id() {
                return FLOW_ID;
            }

            @Override
            public StepKind kind() {
                return StepKind.FLOW;
            }

            @Override
            public ConfigSchema configSchema() {
                return CONFIG;
            }

            @Override
            public RecordProcessor open(StepContext context) {
                boolean[] passed = {false};
                return (record, out) -> {
                    if (!passed[0]) {
                        passed[0] = true;
                        pass(context);
                    }
                    out.emit(record);
                };
            }
        };
    }
}
