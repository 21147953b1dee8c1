package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataflows run --read-ahead} and {@code --write-behind}: the same records, in the same order, with the steps
 * after the reader, or the writer, on a thread of their own.
 */
class CliPipeliningTest {

    private static final int ROWS = 2_000;
    private static final String READS_AHEAD =
            "Step 'read' reads ahead: the steps after it go on from record 513 on a second thread";
    private static final String WRITES_BEHIND =
            "Step 'write' writes behind: its records from 513 on are processed on a thread of its own";

    @TempDir
    Path dir;

    private List<String> expected;
    private Path flow;

    @Test
    void theStepsGoOnOnASecondThreadWithTheSameOutput() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "a run reads ahead only with two cores or more");
        writeFlow();

        CliResult ahead = CliProcess.run(dir, Map.of(), "run", flow.toString(), "--read-ahead", "--verbose",
                "--state-dir", dir.resolve("state").toString());

        assertThat(ahead.exit()).as(ahead.err()).isZero();
        assertThat(ahead.err()).contains(READS_AHEAD).doesNotContain("writes behind");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEqualTo(expected);

        CliResult plain = CliProcess.run(dir, Map.of(), "run", flow.toString(), "--verbose",
                "--state-dir", dir.resolve("state").toString());

        assertThat(plain.exit()).as(plain.err()).isZero();
        assertThat(plain.err()).doesNotContain("reads ahead").doesNotContain("writes behind");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEqualTo(expected);
    }

    @Test
    void theWriterWritesBehindWithTheSameOutput() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "a run writes behind only with two cores or more");
        writeFlow();

        CliResult behind = CliProcess.run(dir, Map.of(), "run", flow.toString(), "--write-behind", "--verbose",
                "--state-dir", dir.resolve("state").toString());

        assertThat(behind.exit()).as(behind.err()).isZero();
        assertThat(behind.err()).contains(WRITES_BEHIND).doesNotContain("reads ahead");
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEqualTo(expected);

        CliResult both = CliProcess.run(dir, Map.of(), "run", flow.toString(), "--write-behind", "--read-ahead",
                "--verbose", "--state-dir", dir.resolve("state").toString());

        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(both.err()).contains(WRITES_BEHIND).contains(READS_AHEAD);
        assertThat(Files.readAllLines(dir.resolve("out.jsonl"))).isEqualTo(expected);
    }

    /** {@code ROWS} rows, a filter that drops a third, an alter step that reads the reader's record, JSON lines. */
    private void writeFlow() throws Exception {
        StringBuilder csv = new StringBuilder("id,name\n");
        expected = new ArrayList<>();
        for (int i = 1; i <= ROWS; i++) {
            csv.append(i).append(",n").append(i).append('\n');
            if (i % 3 != 0) {
                expected.add("{\"id\":\"" + i + "\",\"name\":\"n" + i + "\",\"row\":" + i + "}");
            }
        }
        Files.writeString(dir.resolve("rows.csv"), csv);
        flow = dir.resolve("ahead.yml");
        Files.writeString(flow, """
                name: ahead
                steps:
                  read: {type: reader_csv, config: {path: rows.csv}}
                  keep: {type: flow_transformer_filter, depends_on: read, config: {filter: record.id % 3 != 0}}
                  number:
                    type: flow_transformer_alter
                    depends_on: keep
                    config: {expressions: {row: '${{ steps.read.record.id + 0 }}'}}
                  write: {type: writer_stream, depends_on: number, config: {streamname: out.jsonl, format: jsonl}}
                """);
    }
}
