package io.dataflows.bench.jmh;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.steps.Steps;
import io.dataflows.DataRecord;
import io.dataflows.RecordLayout;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-step pass-through cost: one run of {@value #RECORDS} prepared records from a reader that only emits them, through a chain of
 * {@code steps} pass-through flow steps and a final {@code flow_noop} ({@code flow_noop}, or {@code flow_transformer_filter} with
 * {@code true}). Scores are per record; the cost of one step per record is the difference between chain lengths
 * divided by the difference in steps (e.g. (score[10] - score[0]) / 10). Runs include the engine's per-run work
 * (validation, state), which the step count does not change.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBench {

    static final int RECORDS = 100_000;

    @Param({"0", "1", "10"})
    public int steps;

    @Param({"flow_noop", "filter_true"})
    public String step;

    private DataflowEngine engine;
    private Dataflow flow;

    /** {@code bench_records}: emits {@value #RECORDS} prepared records (no per-record work of its own). */
    public static final class Records implements ReaderStep {
        static final DataRecord[] RECORDS_OF = new DataRecord[RECORDS];

        static {
            RecordLayout layout = RecordLayout.of(List.of("id", "name"));
            for (int i = 0; i < RECORDS; i++) {
                RECORDS_OF[i] = layout.record((long) i, "n" + (i % 100));
            }
        }

        @Override
        public String id() {
            return "bench_records";
        }

        @Override
        public StepKind kind() {
            return StepKind.READER;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().build();
        }

        @Override
        public void read(StepContext context, Emitter out) throws Exception {
            for (DataRecord r : RECORDS_OF) {
                out.emit(r);
            }
        }
    }

    @Setup
    public void setup() {
        Dataflow.Builder b = Dataflow.builder("pass-through-" + steps);
        b.step("s0", StepSpec.of("bench_records"));
        for (int i = 1; i <= steps; i++) {
            b.step("s" + i, step.equals("flow_noop") ? Steps.flowNoop() : Steps.filter("true"))
                    .dependsOn("s" + (i - 1));
        }
        b.step("end", Steps.flowNoop()).dependsOn("s" + steps); // a flow must end in a step that may end it
        flow = b.build();
        engine = DataflowEngine.builder()
                .stepRegistry(StepRegistry.builder().discover().add(new Records()).build()).build();
        if (!engine.validate(flow).isValid()) {
            throw new IllegalStateException(engine.validate(flow).toString());
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public RunResult run() {
        RunResult r = engine.run(flow);
        if (r.status() != RunStatus.FINALISED) {
            throw new IllegalStateException(r.toString());
        }
        return r;
    }
}
