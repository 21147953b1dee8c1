package io.dataflows.beam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.Definitions;
import io.dataflows.EngineSetup;
import io.dataflows.StepRegistry;
import io.dataflows.steps.Steps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records of a shard stream from the grouped values into the steps: each is passed on before the next is
 * taken, the values are iterated once, and the null markers of empty shards are left out.
 */
class LazyShardWritingTest {

    @TempDir
    Path dir;

    private WorkerSpec spec(Dataflow flow) {
        return new WorkerSpec(Definitions.toJson(flow, StepRegistry.discover()), "run-1", false, Map.of(),
                dir.toString(), List.of(), EngineSetup.none(), Map.of());
    }

    /** Makes {@code count} records {n: i} on demand; fails when iterated a second time. */
    private static final class OnceRecords implements Iterable<DataRecord> {
        private final int count;
        private final List<Object> consumed;
        private int produced;
        private boolean iterated;
        /** How many records had been passed on when each record was made. */
        final List<Integer> consumedWhenMade = new ArrayList<>();

        OnceRecords(int count, List<Object> consumed) {
            this.count = count;
            this.consumed = consumed;
        }

        @Override
        public Iterator<DataRecord> iterator() {
            if (iterated) {
                throw new IllegalStateException("iterated twice");
            }
            iterated = true;
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return produced < count;
                }

                @Override
                public DataRecord next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    consumedWhenMade.add(consumed.size());
                    produced++;
                    return DataRecord.of("n", produced);
                }
            };
        }
    }

    @Test
    void eachRecordGoesThroughTheStepsBeforeTheNextIsMade() {
        Dataflow flow = Dataflow.builder("lazy")
                .start("numbers", Steps.arrayReader(List.of(Map.of("n", 0))))
                .then("double", Steps.alter().set("twice", "${{ record.n * 2 }}"))
                .build();
        List<Object> out = new ArrayList<>();
        OnceRecords input = new OnceRecords(5, out);

        new Worker(spec(flow)).run(List.of("double"), Map.of(), input, record -> out.add(record.get("twice")));

        assertThat(out).containsExactly(2L, 4L, 6L, 8L, 10L);
        assertThat(input.consumedWhenMade).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aShardIsWrittenFromValuesIteratedOnceWithoutTheMarkers() throws Exception {
        Dataflow flow = Dataflow.builder("lazy")
                .start("numbers", Steps.arrayReader(List.of(Map.of("n", 0))))
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build();
        List<DataRecord> values = Arrays.asList(DataRecord.of("n", 1), null, DataRecord.of("n", 2));
        boolean[] iterated = {false};
        Iterable<DataRecord> once = () -> {
            assertThat(iterated[0]).as("iterated twice").isFalse();
            iterated[0] = true;
            return values.iterator();
        };
        ShardWriterFn fn = new ShardWriterFn(spec(flow), "write", "out.jsonl", 2);
        fn.setup();

        fn.process(KV.of(1, once));

        assertThat(Files.readAllLines(dir.resolve("out-00001-of-00002.jsonl"))).containsExactly("{\"n\":1}",
                "{\"n\":2}");
    }

    @Test
    void aShardOfMarkersOnlyIsAnEmptyFile() throws Exception {
        Dataflow flow = Dataflow.builder("lazy")
                .start("numbers", Steps.arrayReader(List.of(Map.of("n", 0))))
                .then("write", Steps.streamWriter("out.jsonl", "jsonl"))
                .build();
        ShardWriterFn fn = new ShardWriterFn(spec(flow), "write", "out.jsonl", 1);
        fn.setup();

        fn.process(KV.of(0, Arrays.asList((DataRecord) null)));

        assertThat(dir.resolve("out.jsonl")).exists().isEmptyFile();
    }
}
