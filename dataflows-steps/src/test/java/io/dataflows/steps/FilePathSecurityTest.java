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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every path of every file step goes through the run's resolver — {@code ../} escapes, symlinks leading
 * outside (read and write), absolute paths and {@code file://} URLs outside the permitted directories are refused,
 * statically by validation and at run time, and nothing outside is read or changed.
 */
class FilePathSecurityTest {

    @TempDir
    Path dir;

    @TempDir
    Path outside;

    private final DataflowEngine engine = TestEngines.builder().build();

    private Map<String, String> outsideBefore;

    @BeforeEach
    void layout() throws Exception {
        write(outside, "secret.txt", "top secret");
        write(outside, "victim.txt", "do not touch");
        write(dir, "in.txt", "inside");
        write(dir, "keys.asc", "not really a key ring");
        Files.createSymbolicLink(dir.resolve("escape"), outside);                         // a directory link
        Files.createSymbolicLink(dir.resolve("secret-link.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(dir.resolve("victim-link.txt"), outside.resolve("victim.txt"));
        Files.createSymbolicLink(dir.resolve("dangling.txt"), outside.resolve("created.txt"));
        outsideBefore = FileTrees.snapshot(outside);
    }

    private RunOptions options() {
        return RunOptions.builder().baseDir(dir).build();
    }

    /** Every path field of every file step: type, the field under test, and valid values for the other fields. */
    static Stream<Arguments> pathFields() {
        return Stream.of(
                Arguments.of("connector_copy_file", "from", Map.of("to", "out.txt")),
                Arguments.of("connector_copy_file", "to", Map.of("from", "in.txt")),
                Arguments.of("connector_append_file", "from", Map.of("to", "out.txt")),
                Arguments.of("connector_append_file", "to", Map.of("from", "in.txt")),
                Arguments.of("connector_remove_file", "file", Map.of()),
                Arguments.of("connector_file_put_content", "path", Map.of("content", "x")),
                Arguments.of("connector_hash_file", "path", Map.of("algorithm", "md5")),
                Arguments.of("connector_compression", "from", Map.of("command", "compress", "to", "out.gz")),
                Arguments.of("connector_compression", "to", Map.of("command", "compress", "from", "in.txt")),
                Arguments.of("connector_gpg", "from", Map.of("command", "encrypt", "to", "out.gpg",
                        "publickeyring", "keys.asc")),
                Arguments.of("connector_gpg", "to", Map.of("command", "encrypt", "from", "in.txt",
                        "publickeyring", "keys.asc")),
                Arguments.of("connector_gpg", "publickeyring", Map.of("command", "encrypt", "from", "in.txt",
                        "to", "out.gpg")),
                Arguments.of("connector_gpg", "secretkeyring", Map.of("command", "decrypt", "from", "in.txt",
                        "to", "out.txt")),
                Arguments.of("connector_directory_file_list", "directory", Map.of()),
                Arguments.of("connector_directory_file_count", "path", Map.of()),
                Arguments.of("connector_file_exists", "path", Map.of()),
                Arguments.of("connector_debug_file_display", "streamname", Map.of()));
    }

    private static Dataflow flow(String type, String field, String value, Map<String, String> others) {
        StepSpec spec = StepSpec.of(type).with(field, value);
        for (Map.Entry<String, String> e : others.entrySet()) {
            spec = spec.with(e.getKey(), e.getValue());
        }
        return Dataflow.builder("security").step("step", spec).build();
    }

    private void assertRefusedAtRunTime(String type, String field, String path, Map<String, String> others) {
        RunResult result = engine.run(flow(type, field, "${{ '" + path + "' }}", others), options());

        assertThat(result.status()).as(type + "." + field + " = " + path).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).as(type + "." + field).startsWith("Step 'step' (" + type + ")")
                .endsWith("Path \"" + path + "\" is not permitted. (config '" + field + "')");
        assertThat(FileTrees.snapshot(outside)).as("outside unchanged").isEqualTo(outsideBefore);
    }

    private void assertRefusedByValidation(String type, String field, String path, Map<String, String> others) {
        assertThat(engine.validate(flow(type, field, path, others), options()).problemsOf("step"))
                .as(type + "." + field + " = " + path)
                .anySatisfy(p -> {
                    assertThat(p.field()).isEqualTo("config." + field);
                    assertThat(p.message()).isEqualTo("Path \"" + path + "\" is not permitted.");
                });
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("pathFields")
    void dotDotEscapesAreRefused(String type, String field, Map<String, String> others) {
        String path = "../" + outside.getFileName() + "/secret.txt";
        assertRefusedByValidation(type, field, path, others);
        assertRefusedAtRunTime(type, field, path, others);
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("pathFields")
    void symlinksLeadingOutsideAreRefused(String type, String field, Map<String, String> others) {
        assertRefusedByValidation(type, field, "escape/secret.txt", others);
        assertRefusedAtRunTime(type, field, "escape/secret.txt", others);
        assertRefusedAtRunTime(type, field, "secret-link.txt", others);
        assertRefusedAtRunTime(type, field, "victim-link.txt", others);
        assertRefusedAtRunTime(type, field, "dangling.txt", others);
        assertThat(outside.resolve("created.txt")).doesNotExist();
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("pathFields")
    void absolutePathsAndFileUrlsOutsideThePermittedDirectoriesAreRefused(String type, String field,
            Map<String, String> others) {
        String absolute = outside.resolve("secret.txt").toString();
        assertRefusedByValidation(type, field, absolute, others);
        assertRefusedAtRunTime(type, field, absolute, others);
        assertRefusedAtRunTime(type, field, "file://" + absolute, others);
        assertRefusedAtRunTime(type, field, dir + "/../" + outside.getFileName() + "/secret.txt", others);
    }

    @Test
    void aGlobMatchLeadingOutsideIsRefusedAndNothingIsCopied() throws Exception {
        write(dir, "in/a.txt", "a");
        Files.createSymbolicLink(dir.resolve("in/b.txt"), outside.resolve("secret.txt"));

        RunResult result = engine.run(Dataflow.builder("glob").step("copy", StepSpec.of("connector_copy_file")
                .with("from", "in/*.txt").with("to", "out/")).build(), options());

        assertThat(result.error().orElseThrow()).isEqualTo("Step 'copy' (connector_copy_file) failed: Path \""
                + dir.resolve("in/b.txt") + "\" is not permitted. (config 'from')");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aSymlinkInTheTargetDirectoryLeadingOutsideIsNotWrittenThrough() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Files.createSymbolicLink(dir.resolve("out/in.txt"), outside.resolve("victim.txt"));

        RunResult copy = engine.run(Dataflow.builder("copy").step("copy", StepSpec.of("connector_copy_file")
                .with("from", "in.txt").with("to", "out")).build(), options());
        RunResult append = engine.run(Dataflow.builder("append").step("append", StepSpec.of("connector_append_file")
                .with("from", "in.txt").with("to", "out")).build(), options());

        assertThat(copy.error().orElseThrow()).endsWith("Path \"" + dir.resolve("out/in.txt")
                + "\" is not permitted. (config 'to')");
        assertThat(append.error().orElseThrow()).endsWith("Path \"" + dir.resolve("out/in.txt")
                + "\" is not permitted. (config 'to')");
        assertThat(read(outside.resolve("victim.txt"))).isEqualTo("do not touch");
        assertThat(Files.isSymbolicLink(dir.resolve("out/in.txt"))).isTrue();
    }

    @Test
    void listingsLeaveOutEntriesLeadingOutside() {
        write(dir, "list/a.txt", "a");
        RunResult result = engine.run(Dataflow.builder("list")
                .step("list", StepSpec.of("connector_directory_file_list").with("directory", "."))
                .build(), options());

        // escape (a directory link), secret-link.txt, victim-link.txt and dangling.txt lead outside
        assertThat(result.variable("steps.list.vars.filenames")).contains(List.of("in.txt", "keys.asc"));
    }

    @Test
    void zipCompressionRefusesAFileUnderTheDirectoryThatLeadsOutside() {
        write(dir, "tree/a.txt", "a");
        try {
            Files.createSymbolicLink(dir.resolve("tree/b.txt"), outside.resolve("secret.txt"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }

        RunResult result = engine.run(Dataflow.builder("zip").step("zip", StepSpec.of("connector_compression")
                .with("command", "compress").with("method", "zip").with("from", "tree").with("to", "tree.zip"))
                .build(), options());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).endsWith("Path \"" + dir.resolve("tree/b.txt")
                + "\" is not permitted. (config 'from')");
        assertThat(dir.resolve("tree.zip")).doesNotExist();
    }

    @Test
    void aPermittedDirectoryMayBeGivenWithATrailingSlashOrAsASymlink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("permitted-link"), outside);
        for (DataflowEngine permitted : new DataflowEngine[] {
                TestEngines.builder().permittedDirectory(Path.of(outside + "/")).build(),
                TestEngines.builder().permittedDirectory(link).build()}) {
            for (String target : new String[] {outside + "/copy.txt", link + "/copy.txt",
                    "file://" + outside + "/copy.txt"}) {
                Files.deleteIfExists(outside.resolve("copy.txt"));
                Dataflow flow = Dataflow.builder("copy").step("copy", StepSpec.of("connector_copy_file")
                        .with("from", outside + "/secret.txt").with("to", target)).build();
                assertThat(permitted.validate(flow).isValid()).as(target).isTrue();

                permitted.run(flow, options()).orThrow();

                assertThat(read(outside.resolve("copy.txt"))).as(target).isEqualTo("top secret");
            }
        }
    }

    @Test
    void aSymlinkLeadingInsideIsWrittenThroughAndKept() throws Exception {
        write(dir, "data/2024.csv", "old");
        Path link = Files.createSymbolicLink(dir.resolve("current.csv"), Path.of("data/2024.csv"));

        engine.run(Dataflow.builder("copy").step("copy", StepSpec.of("connector_copy_file")
                .with("from", "in.txt").with("to", "current.csv")).build(), options()).orThrow();

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(read(dir.resolve("data/2024.csv"))).isEqualTo("inside");
    }

    @Test
    void pathsThatStayInsideAreFine() {
        RunResult result = engine.run(Dataflow.builder("copy").step("copy", StepSpec.of("connector_copy_file")
                .with("from", "sub/../in.txt").with("to", "${{ 'a/../b/out.txt' }}")).build(), options());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(read(dir.resolve("b/out.txt"))).isEqualTo("inside");
    }
}
