package io.dataflows.beam;

import static io.dataflows.beam.RunnerFlows.counts;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.steps.Steps;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reader_directory_file_list} lists on one worker with the real step, so its records — pattern, sort, offset,
 * limit and return value applied to the whole listing — are those of a local run.
 */
class DirectoryListingTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    /** The JSON line of a listed file: its absolute path, backslashes escaped. */
    private static String line(Path data, String name) {
        String path = data.resolve(name).toString().replace("\\", "\\\\");
        return "{\"filename\":\"" + path + "\",\"name\":\"file " + path + "\"}";
    }

    @Test
    void aListingGivesTheRecordsAndCountsOfALocalRun() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        for (String name : List.of("b.csv", "a.csv", "c.txt", "d.csv", "e.csv", ".hidden.csv")) {
            Files.writeString(data.resolve(name), name);
        }
        Files.createDirectories(data.resolve("sub.csv"));
        Dataflow flow = Dataflow.builder("listing")
                .start("list", Steps.directoryFileListReader("data", "*.csv").with("returnvalue", "absolutepath")
                        .with("sort", "alpha").with("offset", 1).with("limit", 3))
                .then("named", Steps.alter().set("name", "file ${{ record.filename }}"))
                .then("write", Steps.streamWriter("files.jsonl", "jsonl"))
                .build();
        DataflowEngine engine = kit.builder().baseDirectory(dir).build();
        RunResult local = engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();
        List<String> expected = Files.readAllLines(dir.resolve("files.jsonl"));
        assertThat(expected).containsExactly(line(data, "b.csv"), line(data, "d.csv"), line(data, "e.csv"));
        Files.delete(dir.resolve("files.jsonl"));

        RunResult beam = BeamRunner.builder(engine).shards(2).build().run(flow, RunOptions.defaults()).orThrow();

        assertThat(RunnerFlows.shardLines(dir, "files", 2)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(counts(beam)).isEqualTo(counts(local)).containsExactly(Map.entry("list", List.of(0L, 3L)),
                Map.entry("named", List.of(3L, 3L)), Map.entry("write", List.of(3L, 3L)));
    }
}
