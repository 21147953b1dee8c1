package io.dataflows.beam;

import static io.dataflows.beam.RunnerFlows.counts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CSV file larger than the split size is read in parts by several workers, and gives the multiset of records and
 * the counts of a local run: quoted fields with commas, quotes and line breaks, a byte order mark, no final line end;
 * a header-only file gives nothing, as locally.
 */
class SplitCsvReadingTest {

    private static final long SPLIT = 8 * 1024;

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private DataflowEngine engine() {
        return kit.builder().baseDirectory(dir).build();
    }

    private static byte[] withByteOrderMark(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[utf8.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, bytes, 3, utf8.length);
        return bytes;
    }

    @Test
    void aLargeFileReadInPartsGivesTheRecordsAndCountsOfALocalRun() throws IOException {
        Files.write(dir.resolve("large.csv"), withByteOrderMark(RunnerFlows.largeCsv(6000)));
        assertThat(Files.size(dir.resolve("large.csv"))).isGreaterThan(10 * SPLIT);
        DataflowEngine engine = engine();
        Dataflow flow = RunnerFlows.large("large", "large.csv", "large.jsonl");
        RunResult local = engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();
        List<String> expected = Files.readAllLines(dir.resolve("large.jsonl"));
        assertThat(expected).hasSize(3428).startsWith(
                "{\"id\":\"3\",\"name\":\"mid\\\"quote\",\"note\":\"\",\"n\":\"3\",\"label\":\"3-mid\\\"quote\"}");
        assertThat(counts(local).get("read")).containsExactly(0L, 6000L);

        for (int shards : List.of(1, 3)) {
            Path out = dir.resolve("beam" + shards);
            Files.createDirectories(out);
            Files.copy(dir.resolve("large.csv"), out.resolve("large.csv"));
            RunResult beam = BeamRunner.builder(engine).shards(shards).splitBytes(SPLIT).build()
                    .run(flow, RunOptions.builder().baseDir(out).build()).orThrow();

            List<String> lines = shards == 1 ? Files.readAllLines(out.resolve("large.jsonl"))
                    : RunnerFlows.shardLines(out, "large", shards);
            assertThat(lines).as("shards " + shards).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(counts(beam)).as("shards " + shards).isEqualTo(counts(local));
        }
    }

    @Test
    void aHeaderOnlyFileAndASmallFileGiveTheRecordsOfALocalRun() throws IOException {
        DataflowEngine engine = engine();
        Map<String, String> files = Map.of("header.csv", "id,name,note,n\n", "small.csv", RunnerFlows.largeCsv(20));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
            Dataflow flow = RunnerFlows.large("small", file.getKey(), file.getKey() + ".jsonl");
            RunResult local = engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();
            List<String> expected = Files.readAllLines(dir.resolve(file.getKey() + ".jsonl"));
            Path out = dir.resolve("beam-" + file.getKey());
            Files.createDirectories(out);
            Files.copy(dir.resolve(file.getKey()), out.resolve(file.getKey()));

            RunResult beam = BeamRunner.builder(engine).splitBytes(1).build()
                    .run(flow, RunOptions.builder().baseDir(out).build());

            assertThat(beam.status()).isEqualTo(RunStatus.FINALISED);
            assertThat(Files.readAllLines(out.resolve(file.getKey() + ".jsonl"))).as(file.getKey())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(counts(beam)).as(file.getKey()).isEqualTo(counts(local));
        }
        assertThat(Files.readAllLines(dir.resolve("small.csv.jsonl"))).hasSize(12);
        assertThat(Files.readAllLines(dir.resolve("header.csv.jsonl"))).isEmpty();
    }

    @Test
    void aRowThatDoesNotMatchTheHeadersFailsNamingItsLineAsLocally() throws IOException {
        StringBuilder csv = new StringBuilder("a,b\n");
        for (int i = 0; i < 2000; i++) {
            csv.append(i).append(",\"x\ny\"\n");
        }
        csv.append("1,2,3\n");
        Files.writeString(dir.resolve("bad.csv"), csv.toString());
        Dataflow flow = Dataflow.builder("bad")
                .start("read", Steps.csvReader("bad.csv"))
                .then("write", Steps.streamWriter("bad.jsonl", "jsonl"))
                .build();
        DataflowEngine engine = engine();
        RunResult local = engine.run(flow, RunOptions.defaults());
        assertThat(local.error()).hasValueSatisfying(e -> assertThat(e).startsWith("Step 'read' (reader_csv) failed")
                .contains(": Row #4002: Number of fields (3) should match number of headers (2) in "));

        RunResult beam = BeamRunner.builder(engine).splitBytes(1024).build().run(flow, RunOptions.defaults());

        assertThat(beam.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(beam.error()).isEqualTo(local.error().map(e -> e.replaceFirst(" on record #\\d+", "")));
    }
}
