package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.read;
import static io.dataflows.steps.FileTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compression round trips: gzip through java.util.zip (connector and flow forms) and zip. */
class CompressionStepTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    private RunResult run(Dataflow flow) {
        return engine.run(flow, RunOptions.builder().baseDir(dir).build());
    }

    private static StepSpec compression(String type, String command, String from, String to) {
        return StepSpec.of(type).with("command", command).with("from", from).with("to", to);
    }

    @Test
    void gzipRoundTripWithConnectors() throws Exception {
        write(dir, "in.txt", "testdata");
        Dataflow flow = Dataflow.builder("t67")
                .step("compress", compression("connector_compression", "compress", "in.txt", "out.txt.gz")
                        .with("method", "gzip"))
                .step("decompress", compression("connector_compression", "decompress", "out.txt.gz",
                        "out_data.txt")).dependsOn("compress")
                .build();
        assertThat(engine.validate(flow, RunOptions.builder().baseDir(dir).build()).isValid()).isTrue();

        RunResult result = run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(dir.resolve("in.txt")).exists();
        assertThat(gunzip(dir.resolve("out.txt.gz"))).isEqualTo("testdata");
        assertThat(read(dir.resolve("out_data.txt"))).isEqualTo("testdata");
        assertThat(result.variable("steps.compress.vars.success")).contains(true);
        assertThat(result.variable("steps.decompress.vars.success")).contains(true);
    }

    @Test
    void gzipRoundTripWithFlowStepsOverADirectoryListing() throws Exception {
        write(dir, "in/first.txt", "one");
        write(dir, "in/second.txt", "two");
        Path out = Files.createDirectories(dir.resolve("out"));
        Dataflow flow = Dataflow.builder("t67-flow")
                .step("list", StepSpec.of("reader_directory_file_list").with("directory", "in").with("pattern", "*")
                        .with("returnvalue", "basename").with("sort", "alpha").with("offset", "0")
                        .with("limit", "0"))
                .step("compress", compression("flow_compression", "compress", "in/${{ record.filename }}",
                        out + "/${{ record.filename }}-out.gz").with("method", "gzip")).dependsOn("list")
                .step("decompress", compression("flow_compression", "decompress",
                        out + "/${{ record.filename }}-out.gz", out + "/${{ record.filename }}"))
                .dependsOn("compress")
                .build();

        engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();

        assertThat(FileTrees.snapshot(out).keySet()).containsExactly("", "first.txt", "first.txt-out.gz",
                "second.txt", "second.txt-out.gz");
        assertThat(gunzip(out.resolve("second.txt-out.gz"))).isEqualTo("two");
        assertThat(read(out.resolve("first.txt"))).isEqualTo("one");
    }

    @Test
    void gzipInteroperatesWithStreamsWrittenElsewhere() throws Exception {
        // a gzip file with two members (as `cat a.gz b.gz` makes) decompresses to both
        try (OutputStream o = Files.newOutputStream(dir.resolve("two.gz"))) {
            for (String part : new String[] {"hello ", "world"}) {
                GZIPOutputStream gz = new GZIPOutputStream(o);
                gz.write(part.getBytes(StandardCharsets.UTF_8));
                gz.finish();
            }
        }

        run(Dataflow.builder("gunzip").step("d", compression("connector_compression", "decompress", "two.gz",
                "two.txt")).build()).orThrow();

        assertThat(read(dir.resolve("two.txt"))).isEqualTo("hello world");
    }

    @Test
    void zipRoundTripOfADirectory() throws Exception {
        write(dir, "tree/a.txt", "A");
        write(dir, "tree/sub/b.txt", "B");
        Dataflow flow = Dataflow.builder("zip")
                .step("zip", compression("connector_compression", "compress", "tree", "tree.zip").with("method", "zip"))
                .step("unzip", compression("connector_compression", "decompress", "tree.zip", "copy")
                        .with("method", "zip")).dependsOn("zip")
                .build();

        RunResult result = run(flow);

        assertThat(result.variable("steps.unzip.vars.success")).contains(true);
        try (ZipFile zip = new ZipFile(dir.resolve("tree.zip").toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("a.txt", "sub/b.txt");
        }
        assertThat(read(dir.resolve("copy/a.txt"))).isEqualTo("A");
        assertThat(read(dir.resolve("copy/sub/b.txt"))).isEqualTo("B");
    }

    @Test
    void zipOfOneFileHoldsItUnderItsName() throws Exception {
        write(dir, "in.txt", "testdata");

        run(Dataflow.builder("zip").step("zip", compression("connector_compression", "compress", "in.txt",
                "in.zip").with("method", "zip")).build()).orThrow();

        try (ZipFile zip = new ZipFile(dir.resolve("in.zip").toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("in.txt");
            try (InputStream in = zip.getInputStream(zip.getEntry("in.txt"))) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("testdata");
            }
        }
    }

    @Test
    void aZipEntryLeavingTheTargetDirectoryExtractsNothing() throws Exception {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(dir.resolve("evil.zip")))) {
            zip.putNextEntry(new ZipEntry("fine.txt"));
            zip.write('x');
            zip.putNextEntry(new ZipEntry("../escaped.txt"));
            zip.write('x');
        }

        RunResult result = run(Dataflow.builder("unzip").step("unzip", compression("connector_compression",
                "decompress", "evil.zip", "target").with("method", "zip")).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.unzip.vars.success")).contains(false);
        assertThat(dir.resolve("target")).doesNotExist();
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aMissingSourceSetsSuccessFalseAndWritesNothing() {
        RunResult result = run(Dataflow.builder("c").step("compress", compression("connector_compression",
                "compress", "missing.txt", "out.gz")).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.compress.vars.success")).contains(false);
        assertThat(FileTrees.snapshot(dir).keySet()).containsExactly("");
    }

    @Test
    void corruptInputSetsSuccessFalseAndLeavesNoPartialFile() {
        write(dir, "bad.gz", "this is not gzip");
        write(dir, "out.txt", "previous");

        RunResult result = run(Dataflow.builder("c").step("decompress", compression("connector_compression",
                "decompress", "bad.gz", "out.txt")).build());

        assertThat(result.variable("steps.decompress.vars.success")).contains(false);
        assertThat(read(dir.resolve("out.txt"))).isEqualTo("previous");
        assertThat(FileTrees.snapshot(dir).keySet()).containsExactlyInAnyOrder("", "bad.gz", "out.txt");
    }

    @Test
    void commandAndMethodAreValidated() {
        Dataflow flow = Dataflow.builder("c")
                .step("c", compression("connector_compression", "squash", "a", "b").with("method", "bzip2"))
                .build();

        assertThat(engine.validate(flow, RunOptions.builder().baseDir(dir).build()).messages())
                .containsExactlyInAnyOrder(
                "Config 'command' is invalid. Allowed values: compress, decompress.",
                "Config 'method' is invalid. Allowed values: gzip, zip.");
    }

    private static String gunzip(Path file) throws Exception {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
