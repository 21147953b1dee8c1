package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReadSplit;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.SplittableReader;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reader_csv} read in parts ({@link SplittableReader}) gives exactly the records, counts and failure messages
 * of one whole read: the parts are cut at row starts, never inside quoted fields, and number their lines as the
 * whole file does.
 */
class CsvReaderSplitTest {

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().build();

    @TempDir
    Path dir;

    /** A reader that reads the real {@code reader_csv}'s parts one after the other, in the order of the file. */
    private static final class PartsReader implements ReaderStep {
        private final SplittableReader csv;
        private final long targetBytes;
        final List<ReadSplit> parts = new ArrayList<>();

        PartsReader(SplittableReader csv, long targetBytes) {
            this.csv = csv;
            this.targetBytes = targetBytes;
        }

        @Override
        public String id() {
            return "test_csv_parts";
        }

        @Override
        public StepKind kind() {
            return StepKind.READER;
        }

        @Override
        public ConfigSchema configSchema() {
            return csv.configSchema();
        }

        @Override
        public void read(StepContext context, Emitter out) throws Exception {
            parts.addAll(csv.split(context, targetBytes));
            for (ReadSplit part : parts) {
                csv.readSplit(context, part, out);
            }
        }
    }

    private record Reads(List<DataRecord> records, RunResult result, List<ReadSplit> parts) {}

    private Reads read(StepSpec reader) {
        Dataflow flow = Dataflow.builder("csv").step("read", reader)
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read").build();
        kit.sink().reset();
        RunResult result = engine.run(flow, RunOptions.builder().baseDir(dir).build());
        return new Reads(List.copyOf(kit.sink().records("sink")), result, List.of());
    }

    /** Reads {@code file} whole and in parts of {@code targetBytes}; asserts the same outcome; returns the parts. */
    private List<ReadSplit> sameAsWhole(String content, long targetBytes, Object... config) throws Exception {
        return sameAsWhole(content.getBytes(StandardCharsets.UTF_8), targetBytes, config);
    }

    private List<ReadSplit> sameAsWhole(byte[] content, long targetBytes, Object... config) throws Exception {
        Files.write(dir.resolve("in.csv"), content);
        StepSpec whole = StepSpec.of("reader_csv").with("path", "in.csv");
        PartsReader parts = new PartsReader((SplittableReader) kit.registry().find("reader_csv").orElseThrow(),
                targetBytes);
        StepSpec inParts = StepSpec.of(parts).with("path", "in.csv");
        for (int i = 0; i < config.length; i += 2) {
            whole = whole.with((String) config[i], config[i + 1]);
            inParts = inParts.with((String) config[i], config[i + 1]);
        }
        Reads expected = read(whole);
        Reads actual = read(inParts);
        assertThat(actual.records()).containsExactlyElementsOf(expected.records());
        assertThat(actual.result().status()).isEqualTo(expected.result().status());
        assertThat(actual.result().error().map(e -> e.replace("test_csv_parts", "reader_csv")))
                .isEqualTo(expected.result().error());
        for (int i = 1; i < parts.parts.size(); i++) {
            assertThat(parts.parts.get(i).start()).isEqualTo(parts.parts.get(i - 1).end());
        }
        return parts.parts;
    }

    /** Rows with commas, quotes and line breaks (LF, CRLF, CR) inside quoted fields, blank lines, CRLF rows. */
    private static String tricky(int rows) {
        StringBuilder csv = new StringBuilder("id,text,note\n");
        for (int i = 1; i <= rows; i++) {
            switch (i % 6) {
                case 0 -> csv.append(i).append(",\"a, b\",plain\n");
                case 1 -> csv.append(i).append(",\"two\nlines, and \"\"quotes\"\"\",x\r\n");
                case 2 -> csv.append(i).append(",\"crlf\r\ninside\",\"\"\n\n");
                case 3 -> csv.append(i).append(",mid\"quote,\"cr\rinside\"\r\n");
                case 4 -> csv.append(i).append(",\"\n\n\",\"x\"\"\"\n");
                default -> csv.append(i).append(",caf\u00e9,\"\u00fcber\"\r\n\r\n");
            }
        }
        return csv.toString();
    }

    @Test
    void quotedFieldsWithCommasAndLineBreaksGiveTheRecordsOfAWholeRead() throws Exception {
        String content = tricky(600);
        List<ReadSplit> parts = sameAsWhole(content, 1000);

        assertThat(parts).hasSizeGreaterThan(10);
        assertThat(parts.get(0).start()).isEqualTo("id,text,note\n".length());
        assertThat(parts.get(parts.size() - 1).end()).isEqualTo(content.getBytes(StandardCharsets.UTF_8).length);
        assertThat(read(StepSpec.of("reader_csv").with("path", "in.csv")).records()).hasSize(600);
    }

    @Test
    void everyCutPointGivesTheSameRecords() throws Exception {
        String content = tricky(12);
        for (long target = 1; target < 40; target++) {
            assertThat(sameAsWhole(content, target)).hasSizeGreaterThan(1);
        }
    }

    @Test
    void aFileWithoutAFinalLineEndOrWithAByteOrderMark() throws Exception {
        assertThat(sameAsWhole("a,b\n1,2\n3,\"4\n5\"\n6,7", 4)).hasSize(3);
        ByteArrayOutputStream bom = new ByteArrayOutputStream();
        bom.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bom.write("\n\na,b\n1,2\n3,4\n5,6\n".getBytes(StandardCharsets.UTF_8));
        assertThat(sameAsWhole(bom.toByteArray(), 4)).hasSize(3);
        // configured headers: the first line is a record, and the byte order mark is not part of it
        assertThat(sameAsWhole(bom.toByteArray(), 4, "headers", "x,y")).hasSize(4);
        assertThat(sameAsWhole(bom.toByteArray(), 4, "headers", "x,y", "overwriteheaders", true)).hasSize(3);
        assertThat(read(StepSpec.of("reader_csv").with("path", "in.csv").with("headers", "x,y")).records())
                .startsWith(DataRecord.of("x", "a", "y", "b"));
    }

    @Test
    void aHeaderOnlyFileAnEmptyFileAndASmallFileAreReadWhole() throws Exception {
        assertThat(sameAsWhole("a,b\n", 1)).containsExactly(ReadSplit.WHOLE);
        assertThat(sameAsWhole("a,b", 1)).containsExactly(ReadSplit.WHOLE);
        assertThat(sameAsWhole("a,b\n\n\n", 1)).hasSize(2); // blank lines: parts without records
        assertThat(sameAsWhole("", 1)).containsExactly(ReadSplit.WHOLE);
        assertThat(sameAsWhole("a,b\n1,2\n3,4\n", 100)).containsExactly(ReadSplit.WHOLE);
        assertThat(sameAsWhole("a,a\n1,2\n3,4\n", 1)).hasSize(2);
    }

    @Test
    void anotherEncodingIsReadWhole() throws Exception {
        assertThat(sameAsWhole("a,b\n1,2\n3,4\n", 1, "encoding", "ISO-8859-1")).containsExactly(ReadSplit.WHOLE);
        assertThat(sameAsWhole("a;b\n1;2\n3;4\n", 1, "delimiter", ";")).hasSize(2);
    }

    @Test
    void failuresNameTheLinesOfTheWholeFile() throws Exception {
        String mismatch = "a,b\n1,\"2\n2\"\n3,4\n5,6,7\n8,9\n";
        assertThat(sameAsWhole(mismatch, 1)).hasSize(4);
        assertThat(read(StepSpec.of("reader_csv").with("path", "in.csv")).result().error().orElseThrow())
                .contains("Row #5: Number of fields (3) should match number of headers (2)");
        sameAsWhole(mismatch, 1, "continueonerror", true);
        sameAsWhole("a,b\n1,2\n3,\"4\n\n5\n", 1);
        assertThat(read(StepSpec.of("reader_csv").with("path", "in.csv")).result().error().orElseThrow())
                .contains("Row #3: the quoted field starting on line 3 is not closed before the end of the file");
        sameAsWhole(new byte[] {'a', ',', 'b', '\n', '1', ',', '2', '\n', '3', ',', (byte) 0xC3, '\n'}, 1);
        assertThat(read(StepSpec.of("reader_csv").with("path", "in.csv")).result().status())
                .isEqualTo(RunStatus.ABORTED);
    }
}
