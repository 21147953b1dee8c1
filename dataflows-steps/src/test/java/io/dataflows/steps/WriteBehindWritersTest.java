package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.StepType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which built-in steps write behind the steps upstream, and that a flow writes the same bytes with the same counts
 * either way, in every format of {@code writer_stream}, alone and with reading ahead.
 */
class WriteBehindWritersTest {

    @TempDir
    Path dir;

    @Test
    void theStreamWriterWritesBehind() {
        Set<String> behind = new TreeSet<>();
        for (StepType type : StepRegistry.discover().types()) {
            if (type instanceof FlowStep && ((FlowStep) type).canWriteBehind(Map.of())) {
                behind.add(type.id());
            }
        }
        assertThat(behind).containsExactly("writer_stream");
    }

    @Test
    void everyFormatIsWrittenTheSameWithAndWithoutWritingBehind() throws Exception {
        StringBuilder csv = new StringBuilder("id,name,score\n");
        for (int i = 1; i <= 40_000; i++) {
            csv.append(i).append(",\"name ").append(i % 977).append("\",").append(i * 37 % 101).append('\n');
        }
        Files.writeString(dir.resolve("in.csv"), csv);
        Files.writeString(dir.resolve("flow.yml"), String.join("\n",
                "name: behind",
                "steps:",
                "  read: {type: reader_csv, config: {path: in.csv}}",
                "  keep: {type: flow_transformer_filter, depends_on: read, config: {filter: 'record.score >= 50'}}",
                "  alter:",
                "    type: flow_transformer_alter",
                "    depends_on: keep",
                "    config:",
                "      expressions:",
                "        grade: \"${{ record.score >= 90 ? 'A' : 'B' }}\"",
                "        row: '${{ steps.read.record.id }}'",
                "  write:",
                "    type: writer_stream",
                "    depends_on: alter",
                "    config: {streamname: '${{ dataflow.vars.out }}', format: '${{ dataflow.vars.format }}'}",
                ""));
        Dataflow flow = Definitions.read(dir.resolve("flow.yml"));

        for (String format : new String[] {"jsonl", "json", "csv"}) {
            RunResult one = run(flow, false, false, "one." + format, format);
            RunResult behind = run(flow, true, false, "behind." + format, format);
            RunResult both = run(flow, true, true, "both." + format, format);

            for (RunResult r : new RunResult[] {one, behind, both}) {
                assertThat(r.status()).as(format).isEqualTo(RunStatus.FINALISED);
                assertThat(r.step("write").recordsIn()).as(format).isEqualTo(20_197);
                assertThat(r.step("write").recordsOut()).as(format).isEqualTo(20_197);
            }
            byte[] expected = Files.readAllBytes(dir.resolve("one." + format));
            assertThat(Files.readAllBytes(dir.resolve("behind." + format))).as(format).isEqualTo(expected);
            assertThat(Files.readAllBytes(dir.resolve("both." + format))).as(format).isEqualTo(expected);
        }
        assertThat(Files.readAllLines(dir.resolve("behind.jsonl"))).hasSize(20_197).first().asString()
                .isEqualTo("{\"id\":\"2\",\"name\":\"name 2\",\"score\":\"74\",\"grade\":\"B\",\"row\":\"2\"}");
    }

    private RunResult run(Dataflow flow, boolean writeBehind, boolean readAhead, String out, String format) {
        return DataflowEngine.builder().writeBehind(writeBehind).readAhead(readAhead).build()
                .run(flow, RunOptions.builder().baseDir(dir).var("out", out).var("format", format).build());
    }
}
