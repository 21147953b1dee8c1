package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which built-in readers read ahead of the steps downstream, and that a flow gives the same bytes, counts and
 * variables either way: the reader's parsing on one thread and the steps after it on another change nothing a user
 * can see but the time.
 */
class ReadAheadReadersTest {

    @TempDir
    Path dir;

    @Test
    void theCsvJsonAndArrayReadersReadAhead() {
        Set<String> readAhead = new TreeSet<>();
        for (StepType type : StepRegistry.discover().types()) {
            if (type instanceof ReaderStep && ((ReaderStep) type).canReadAhead(Map.of())) {
                readAhead.add(type.id());
            }
        }
        assertThat(readAhead).containsExactly("reader_array", "reader_csv", "reader_json");
    }

    @Test
    void aCsvFlowWritesTheSameFileWithAndWithoutReadingAhead() throws Exception {
        StringBuilder csv = new StringBuilder("id,name,score\n");
        for (int i = 1; i <= 60_000; i++) {
            csv.append(i).append(",name").append(i % 977).append(',').append(i * 37 % 101).append('\n');
        }
        csv.append("60001,short\n"); // one field short: counted by continueonerror, after every record
        Files.writeString(dir.resolve("in.csv"), csv);
        Files.writeString(dir.resolve("flow.yml"), String.join("\n",
                "name: ahead",
                "steps:",
                "  read: {type: reader_csv, config: {path: in.csv, continueonerror: true}}",
                "  keep: {type: flow_transformer_filter, depends_on: read, config: {filter: 'record.score >= 50'}}",
                "  alter:",
                "    type: flow_transformer_alter",
                "    depends_on: keep",
                "    config:",
                "      expressions:",
                "        grade: \"${{ record.score >= 90 ? 'A' : 'B' }}\"",
                "        row: '${{ steps.read.record.id }}'",
                "  write: {type: writer_stream, depends_on: alter, config: {streamname: '${{ dataflow.vars.out }}',"
                        + " format: jsonl}}",
                ""));
        Dataflow flow = Definitions.read(dir.resolve("flow.yml"));

        RunResult ahead = DataflowEngine.builder().readAhead(true).build()
                .run(flow, RunOptions.builder().baseDir(dir).var("out", "ahead.jsonl").build());
        RunResult oneThread = DataflowEngine.builder().readAhead(false).build()
                .run(flow, RunOptions.builder().baseDir(dir).var("out", "one.jsonl").build());

        assertThat(ahead.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(oneThread.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(Files.readAllBytes(dir.resolve("ahead.jsonl")))
                .isEqualTo(Files.readAllBytes(dir.resolve("one.jsonl")));
        assertThat(Files.readAllLines(dir.resolve("ahead.jsonl"))).hasSize(30_296)
                .first().asString()
                .isEqualTo("{\"id\":\"2\",\"name\":\"name2\",\"score\":\"74\",\"grade\":\"B\",\"row\":\"2\"}");
        for (String step : new String[] {"read", "keep", "alter", "write"}) {
            assertThat(ahead.step(step).recordsIn()).as(step).isEqualTo(oneThread.step(step).recordsIn());
            assertThat(ahead.step(step).recordsOut()).as(step).isEqualTo(oneThread.step(step).recordsOut());
        }
        assertThat(ahead.variable("steps.read.errors.header_field_count_mismatch")).contains(1L);
        assertThat(ahead.variable("steps.read.record.id")).isEqualTo(oneThread.variable("steps.read.record.id"))
                .contains("60000");
    }
}
