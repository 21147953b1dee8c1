package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.ReaderProgress;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RunHandle#progress()}: records per reader and, for a reader of a file, how much of the file it has read. */
class ReaderProgressTest {

    /** Where the test reader stops, once, until the test lets it go on. */
    private static final Map<String, CountDownLatch[]> PAUSES = new java.util.concurrent.ConcurrentHashMap<>();

    @TempDir
    Path dir;

    /**
     * Reads {@code path} line by line through the run's file access, one record per line, with an unbuffered
     * stream under an 8 KiB reader so that the bytes consumed follow the lines; after {@code pauseAfter} records it
     * signals {@code PAUSES[key][0]} and waits for {@code PAUSES[key][1]}.
     */
    static final class LineReader implements ReaderStep {
        @Override
        public String id() {
            return "test_lines";
        }

        @Override
        public StepKind kind() {
            return StepKind.READER;
        }

        @Override
        public ConfigSchema configSchema() {
            return ConfigSchema.builder().field(ConfigField.of("path", FieldType.STRING).required())
                    .field(ConfigField.of("pauseafter", FieldType.INTEGER).required())
                    .field(ConfigField.of("key", FieldType.STRING).required()).build();
        }

        @Override
        public void read(StepContext ctx, Emitter out) throws Exception {
            long pauseAfter = ctx.config().integer("pauseafter");
            CountDownLatch[] pause = PAUSES.get(ctx.config().string("key"));
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                    ctx.files().openRead(Path.of(ctx.config().string("path"))), StandardCharsets.UTF_8), 8192)) {
                long n = 0;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.emit(DataRecord.fromMap(Map.of("line", line)));
                    if (++n == pauseAfter) {
                        pause[0].countDown();
                        pause[1].await(60, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    private final TestKit kit = new TestKit();
    private DataflowEngine engine;

    @org.junit.jupiter.api.BeforeEach
    void engine() {
        engine = DataflowEngine.builder().stepRegistry(kit.registryBuilder().add(new LineReader()).build())
                .baseDirectory(dir).build();
    }

    @Test
    void aReaderOfAFileTellsItsRecordsAndTheShareOfTheFileReadWhileItRuns() throws Exception {
        // 100,000 lines of 9 bytes: 900,000 bytes, read in 8 KiB buffers
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            text.append(String.format("line%04d\n", i % 10_000));
        }
        Path file = Files.writeString(dir.resolve("lines.txt"), text);
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch goOn = new CountDownLatch(1);
        PAUSES.put("half", new CountDownLatch[] {reached, goOn});
        Dataflow flow = Dataflow.builder("progress")
                .start("lines", StepSpec.of("test_lines").with("path", file.toString()).with("pauseafter", 50_000)
                        .with("key", "half"))
                .then("sink", StepSpec.of(CollectingSink.ID).with("name", "progress-lines"))
                .build();

        RunHandle handle = engine.start(flow, RunOptions.defaults());
        assertThat(reached.await(60, TimeUnit.SECONDS)).isTrue();
        List<ReaderProgress> half = handle.progress();
        goOn.countDown();
        RunResult result = handle.await(Duration.ofMinutes(1)).orElseThrow();

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(half).hasSize(1);
        ReaderProgress p = half.get(0);
        assertThat(p.readerAlias()).isEqualTo("lines");
        assertThat(p.records()).isEqualTo(50_000);
        assertThat(p.bytesTotal()).isEqualTo(900_000);
        // the reader is at byte 450,000, and its 8 KiB buffer may hold up to 8,192 bytes read ahead
        assertThat(p.bytesRead()).isBetween(450_000L, 450_000L + 8_192);
        assertThat(p.fractionRead().orElseThrow()).isBetween(0.5, 0.51);
        assertThat(handle.progress()).containsExactly(new ReaderProgress("lines", 100_000, 900_000, 900_000));
    }

    @Test
    void aReaderOfNoFileTellsItsRecordsOnlyAndReadersThatHaveNotStartedAreLeftOut() throws Exception {
        Dataflow flow = Dataflow.builder("records")
                .start("first", StepSpec.of(ArraySource.ID).with("source", List.of(Map.of("a", 1), Map.of("a", 2))))
                .then("sink", StepSpec.of(CollectingSink.ID).with("name", "progress-records"))
                .build();

        RunHandle handle = engine.start(flow, RunOptions.defaults());
        RunResult result = handle.await(Duration.ofMinutes(1)).orElseThrow();

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(handle.progress()).containsExactly(new ReaderProgress("first", 2, -1, -1));
        assertThat(new ReaderProgress("first", 2, -1, -1).fractionRead()).isEmpty();
        assertThat(new ReaderProgress("f", 0, 0, 0).fractionRead()).isEmpty();
    }
}
