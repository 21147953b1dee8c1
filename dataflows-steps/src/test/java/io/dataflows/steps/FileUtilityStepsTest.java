package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.read;
import static io.dataflows.steps.FileTrees.write;
import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestEngines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Remove file, file put content, hash file, file exists, directory file count, display file. */
class FileUtilityStepsTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().permittedDirectory(Path.of("/tmp")).build();

    private RunResult run(Dataflow flow) {
        return engine.run(flow, RunOptions.builder().baseDir(dir).build());
    }

    private static Dataflow one(String alias, StepSpec spec) {
        return Dataflow.builder(alias).step(alias, spec).build();
    }

    // ---- remove file ---------------------------------------------------------------------------------------

    @Test
    void removeFileDeletesTheFileAndASecondRunSucceedsToo() {
        Path file = write(dir, "test.txt", "x");
        Dataflow flow = one("remove", StepSpec.of("connector_remove_file").with("file", file.toString()));

        assertThat(run(flow).status()).isEqualTo(RunStatus.FINALISED);
        assertThat(file).doesNotExist();
        assertThat(run(flow).status()).isEqualTo(RunStatus.FINALISED);
    }

    @Test
    void removeFileRefusesADirectory() throws Exception {
        Files.createDirectories(dir.resolve("adir"));

        RunResult result = run(one("remove", StepSpec.of("connector_remove_file").with("file", "adir")));

        assertThat(result.error().orElseThrow()).isEqualTo("Step 'remove' (connector_remove_file) failed: Cannot"
                + " remove \"" + dir.resolve("adir") + "\": it is a directory (config 'file')");
        assertThat(dir.resolve("adir")).isDirectory();
    }

    @Test
    void theFlowFormRemovesOneFilePerRecord() {
        write(dir, "1.txt", "1");
        write(dir, "2.txt", "2");
        write(dir, "3.txt", "3");
        Dataflow flow = Dataflow.builder("rm")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("n", 1), map("n", 3))))
                .step("remove", StepSpec.of("flow_remove_file").with("file", "${{ record.n }}.txt"))
                .dependsOn("reader")
                .build();

        run(flow).orThrow();

        assertThat(FileTrees.snapshot(dir).keySet()).containsExactlyInAnyOrder("", "2.txt");
    }

    // ---- file put content ----------------------------------------------------------------------------------

    @Test
    void filePutContentWritesTheEvaluatedContentReplacingTheFile() {
        write(dir, "out/greeting.txt", "a much longer previous content");
        Dataflow flow = Dataflow.builder("put").var("who", "Zoë")
                .step("put", StepSpec.of("connector_file_put_content").with("path", "out/greeting.txt")
                        .with("content", "Hello ${{ dataflow.vars.who }}\n"))
                .build();

        run(flow).orThrow();

        assertThat(read(dir.resolve("out/greeting.txt"))).isEqualTo("Hello Zoë\n");
        assertThat(FileTrees.snapshot(dir.resolve("out")).keySet()).containsExactly("", "greeting.txt");
    }

    @Test
    void theFlowFormOfFilePutContentWritesOneFilePerRecord() {
        Dataflow flow = Dataflow.builder("put")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("id", 1, "v", "a"),
                        map("id", 2, "v", "b"))))
                .step("put", StepSpec.of("flow_file_put_content").with("path", "${{ record.id }}.txt")
                        .with("content", "${{ record.v }}")).dependsOn("reader")
                .build();

        run(flow).orThrow();

        assertThat(read(dir.resolve("1.txt"))).isEqualTo("a");
        assertThat(read(dir.resolve("2.txt"))).isEqualTo("b");
    }

    @Test
    void filePutContentReportsMissingFieldsWithTheirLabels() {
        Dataflow flow = one("put", StepSpec.of("connector_file_put_content"));

        assertThat(engine.validate(flow).messages()).containsExactlyInAnyOrder("Config 'Output path' is missing.",
                "Config 'Content' is missing.");
    }

    // ---- hash file -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({
        "md5, b10a8db164e0754105b7a99be72e3fe5",
        "sha1, 0a4d55a8d778e5022fab701977c5d840bbc486d0",
        "sha256, a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e",
        "SHA-256, a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e",
        "sha512, 2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671"
                + "064615d645ae27acb15bfb1447f459b",
        "sha3-256, e167f68d6563d75bb25f3aa49c29ef612d41352dc00606de7cbd630bb2665f51",
        "sha512/256, ff20018851481c25bfc2e5d0c1e1fa57dac2a237a1a96192f99a10da47aa5442",
        "crc32b, 4a17b156"
    })
    void hashFilePublishesTheDigest(String algorithm, String expected) {
        Path file = write(dir, "hello.txt", "Hello World");
        Dataflow flow = one("hashfile", StepSpec.of("connector_hash_file").with("path", file.toString())
                .with("algorithm", algorithm));
        assertThat(engine.validate(flow).isValid()).isTrue();

        RunResult result = run(flow);

        assertThat(result.variable("steps.hashfile.hash")).contains(expected);
    }

    @Test
    void anUnknownHashAlgorithmIsAValidationError() {
        Dataflow flow = one("hashfile", StepSpec.of("connector_hash_file").with("path", "x.txt")
                .with("algorithm", "whirlpool-9"));

        assertThat(engine.validate(flow).problemsOf("hashfile")).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("config.algorithm");
            assertThat(p.message()).startsWith("Config 'algorithm' is invalid. The hash algorithm 'whirlpool-9'"
                    + " does not exist; use one of ").contains("md5", "sha1", "sha256", "sha3-256", "sha512/256");
        });
    }

    @Test
    void theFlowFormHashesEachRecordsFile() {
        write(dir, "a.txt", "Hello World");
        write(dir, "b.txt", "");
        Dataflow flow = Dataflow.builder("hash")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("f", "a.txt"), map("f", "b.txt"))))
                .step("hash", StepSpec.of("flow_hash_file").with("path", "${{ record.f }}").with("algorithm", "md5"))
                .dependsOn("reader")
                .stepVar("last", "${{ hash }}")
                .build();

        RunResult result = run(flow);

        assertThat(result.variable("steps.hash.vars.last")).contains("d41d8cd98f00b204e9800998ecf8427e");
    }

    @Test
    void hashingADirectoryFailsTheStep() throws Exception {
        Files.createDirectories(dir.resolve("d"));

        RunResult result = run(one("hash", StepSpec.of("connector_hash_file").with("path", "d")
                .with("algorithm", "md5")));

        assertThat(result.error().orElseThrow()).isEqualTo("Step 'hash' (connector_hash_file) failed: Cannot read"
                + " file \"" + dir.resolve("d") + "\": it is a directory (config 'path')");
    }

    // ---- file exists ---------------------------------------------------------------------------------------

    @Test
    void fileExistsPublishesWhetherTheFileExists() throws Exception {
        write(dir, "here.txt", "x");
        Files.createSymbolicLink(dir.resolve("broken"), dir.resolve("gone.txt"));
        Dataflow flow = Dataflow.builder("exists")
                .step("here", StepSpec.of("connector_file_exists").with("path", "here.txt"))
                .step("absent", StepSpec.of("connector_file_exists").with("path", "absent.txt")).dependsOn("here")
                .step("broken", StepSpec.of("connector_file_exists").with("path", "broken")).dependsOn("absent")
                .build();

        RunResult result = run(flow);

        assertThat(result.variable("steps.here.exists")).contains(true);
        assertThat(result.variable("steps.absent.exists")).contains(false);
        assertThat(result.variable("steps.broken.exists")).contains(false);
    }

    // ---- directory file count ------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"0", "10", "5", "2"})
    void directoryFileCountCountsTheEntries(int files) {
        Path sub = dir.resolve("sub");
        for (int i = 0; i < files; i++) {
            write(sub, "f" + i + ".txt", "x");
        }
        sub.toFile().mkdirs();

        RunResult result = run(one("count", StepSpec.of("connector_directory_file_count").with("path", "sub")));

        assertThat(result.variable("steps.count.result")).contains((long) files);
    }

    @Test
    void aMissingDirectoryCountsZero() {
        RunResult result = run(one("count", StepSpec.of("connector_directory_file_count").with("path", "nowhere")));

        assertThat(result.variable("steps.count.result")).contains(0L);
    }

    // ---- file contents display -----------------------------------------------------------------------------

    @Test
    void theFileWrittenByAFlowIsPrintedToTheRunsOutput() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Dataflow flow = Dataflow.builder("t63")
                .step("reader", StepSpec.of(ArraySource.ID).with("source",
                        list(map("claris", 1, "daris", 2, "malice", 3))))
                .step("writer", Steps.streamWriter("out.csv", "csv")).dependsOn("reader")
                .step("display", StepSpec.of("connector_debug_file_display").with("streamname", "out.csv"))
                .dependsOn("writer")
                .build();

        engine.run(flow, RunOptions.builder().baseDir(dir).output(new PrintStream(bytes, true,
                StandardCharsets.UTF_8)).build()).orThrow();

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("claris,daris,malice\n1,2,3\n")
                .contains("1,2,3");
    }

    @Test
    void displayingAMissingFileFailsTheStep() {
        RunResult result = run(one("display", StepSpec.of("connector_debug_file_display")
                .with("streamname", "none.csv")));

        assertThat(result.error().orElseThrow()).isEqualTo("Step 'display' (connector_debug_file_display) failed:"
                + " Cannot read file \"" + dir.resolve("none.csv") + "\": no such file (config 'streamname')");
    }
}
