package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.MdcKeys;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.RecordingListener;
import io.dataflows.testkit.TestKit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class EngineRuntimeTest {

    private final TestKit kit = new TestKit();

    /** Reader emitting {@code count} records {n: i}. */
    static final class CountingReader implements ReaderStep {
        @Override
        public String id() {
            return "test_count";
        }

        @Override
        public StepKind kind() {
            return StepKind.READER;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("count", FieldType.INTEGER).required()).build();
        }

        @Override
        public void read(StepContext context, Emitter out) throws Exception {
            long n = context.config().integer("count");
            io.dataflows.RecordLayout layout = io.dataflows.RecordLayout.of(List.of("n"));
            for (long i = 1; i <= n; i++) {
                out.emit(layout.record(i));
            }
        }
    }

    /** Connector capturing the MDC it runs under. */
    static final class MdcProbe implements ConnectorStep {
        static final Map<String, Map<String, String>> SEEN = new ConcurrentHashMap<>();

        @Override
        public String id() {
            return "test_mdc";
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
        public Outcome run(StepContext context) {
            SEEN.put(context.stepAlias(), MDC.getCopyOfContextMap());
            return Outcome.CONTINUE;
        }
    }

    private DataflowEngine.Builder engine() {
        return DataflowEngine.builder().stepRegistry(StepRegistry.builder().add(new CountingReader())
                .add(new MdcProbe()).add(kit.sink()).add(new ArraySource()).add(kit.connector())
                .build());
    }

    @Test
    void mdcNamesFlowRunAndStepAndRestoresHostValues() {
        MDC.put(MdcKeys.STEP, "host-value");
        try {
            Dataflow flow = Dataflow.builder("mdc").start("probe", StepSpec.of("test_mdc")).build();
            RunResult r = engine().build().run(flow);

            assertThat(MdcProbe.SEEN.get("probe")).containsEntry(MdcKeys.FLOW, "mdc")
                    .containsEntry(MdcKeys.RUN, r.runId()).containsEntry(MdcKeys.STEP, "probe");
            assertThat(MDC.get(MdcKeys.STEP)).isEqualTo("host-value");
            assertThat(MDC.get(MdcKeys.FLOW)).isNull();
        } finally {
            MDC.clear();
        }
    }

    @Test
    void longStreamsReportProgressEveryTenThousandRecords() {
        RecordingListener listener = new RecordingListener();
        Dataflow flow = Dataflow.builder("progress")
                .start("count", StepSpec.of("test_count").with("count", 25_000))
                .then("sink", StepSpec.of(CollectingSink.ID).with("name", "progress-sink"))
                .build();
        engine().listener(listener).build().run(flow);

        assertThat(listener.events()).filteredOn(e -> e.startsWith("progress"))
                .containsExactly("progress count 10000", "progress count 20000", "progress count 25000");
        assertThat(kit.sink().records("progress-sink")).hasSize(25_000);
    }

    @Test
    void oneEngineRunsManyDataflowsConcurrently() throws Exception {
        DataflowEngine engine = engine().build();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Dataflow flow = Dataflow.builder("parallel-" + i)
                        .start("count", StepSpec.of("test_count").with("count", 2000))
                        .then("sink", StepSpec.of(CollectingSink.ID).with("name", "parallel-" + i))
                        .stepVar("last", "${{ record.n * 2 }}")
                        .build();
                futures.add(pool.submit(() -> engine.run(flow)));
            }
            for (int i = 0; i < futures.size(); i++) {
                RunResult r = futures.get(i).get();
                assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
                assertThat(r.variable("steps.sink.vars.last")).contains(4000L);
                assertThat(kit.sink().records("parallel-" + i)).hasSize(2000)
                        .endsWith(DataRecord.of("n", 2000L));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
