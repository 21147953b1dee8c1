package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.read;
import static io.dataflows.steps.FileTrees.write;
import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyFileStepTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    private RunResult run(Dataflow flow) {
        return engine.run(flow, RunOptions.builder().baseDir(dir).build());
    }

    private static Dataflow copy(String from, String to) {
        return Dataflow.builder("copy")
                .step("copy", StepSpec.of("connector_copy_file").with("from", from).with("to", to))
                .build();
    }

    @Test
    void copiesAFileToAFile() {
        write(dir, "in/a.txt", "alpha\n");

        RunResult result = run(copy("in/a.txt", "out/b.txt"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(read(dir.resolve("out/b.txt"))).isEqualTo("alpha\n");
        assertThat(read(dir.resolve("in/a.txt"))).isEqualTo("alpha\n");
        assertThat(result.variable("steps.copy.files")).contains(List.of(dir.resolve("out/b.txt").toString()));
    }

    @Test
    void copiesAFileIntoAnExistingDirectoryKeepingItsName() throws Exception {
        write(dir, "a.txt", "alpha");
        Files.createDirectories(dir.resolve("target"));

        run(copy("a.txt", "target")).orThrow();

        assertThat(read(dir.resolve("target/a.txt"))).isEqualTo("alpha");
    }

    @Test
    void replacesAnExistingTarget() {
        write(dir, "a.txt", "new");
        write(dir, "b.txt", "old content that is longer");

        run(copy("a.txt", "b.txt")).orThrow();

        assertThat(read(dir.resolve("b.txt"))).isEqualTo("new");
    }

    @Test
    void aGlobCopiesEveryMatchingFileIntoTheTargetDirectory() throws Exception {
        write(dir, "in/a.csv", "a");
        write(dir, "in/b.csv", "b");
        write(dir, "in/c.txt", "c");
        write(dir, "in/sub/d.csv", "d");
        Files.createDirectories(dir.resolve("in/e.csv")); // a directory matching the glob is not copied

        RunResult result = run(copy("in/*.csv", "out/"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(FileTrees.snapshot(dir.resolve("out")).keySet()).containsExactly("", "a.csv", "b.csv");
        assertThat(read(dir.resolve("out/b.csv"))).isEqualTo("b");
        assertThat(result.variable("steps.copy.files")).contains(List.of(dir.resolve("out/a.csv").toString(),
                dir.resolve("out/b.csv").toString()));
    }

    @Test
    void braceGlobsWorkAsInPhp() {
        write(dir, "in/a.txt", "a");
        write(dir, "in/b.txt", "b");
        write(dir, "in/c.txt", "c");

        run(copy("in/{a,c}.txt", "out/")).orThrow();

        assertThat(FileTrees.snapshot(dir.resolve("out")).keySet()).containsExactly("", "a.txt", "c.txt");
    }

    @Test
    void aGlobMatchingNothingCopiesNothing() {
        RunResult result = run(copy("in/*.csv", "out/"));

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(dir.resolve("out")).doesNotExist();
        assertThat(result.variable("steps.copy.files")).contains(List.of());
    }

    @Test
    void severalFilesCannotBeCopiedOntoOneFile() {
        write(dir, "in/a.csv", "a");
        write(dir, "in/b.csv", "b");

        RunResult result = run(copy("in/*.csv", "out.csv"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).startsWith("Step 'copy' (connector_copy_file) failed: Cannot copy 2"
                + " files matching \"in/*.csv\" onto the single file");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void aMissingSourceFileFailsTheStepWithAClearMessage() {
        RunResult result = run(copy("missing.txt", "out.txt"));

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).isEqualTo("Step 'copy' (connector_copy_file) failed: Cannot read"
                + " file \"" + dir.resolve("missing.txt") + "\": no such file (config 'from')");
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }

    @Test
    void aDirectoryAsSourceFailsTheStep() throws Exception {
        Files.createDirectories(dir.resolve("adir"));

        RunResult result = run(copy("adir", "out.txt"));

        assertThat(result.error().orElseThrow()).isEqualTo("Step 'copy' (connector_copy_file) failed: Cannot read"
                + " file \"" + dir.resolve("adir") + "\": it is a directory (config 'from')");
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }

    @Test
    void anUnreadableSourceFailsTheStepAndWritesNothing() {
        Path source = write(dir, "secret.txt", "x");
        assumeFalse(FileTrees.chmodDoesNotPreventReading(source),
                "running as root: chmod 000 does not prevent reading, so there is no unreadable file to test with");

        RunResult result = run(copy("secret.txt", "out.txt"));

        assertThat(result.error().orElseThrow()).isEqualTo("Step 'copy' (connector_copy_file) failed: Cannot read"
                + " file \"" + source + "\": permission denied (config 'from')");
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }

    /**
     * A file that can be opened but not read (even by root, for whom chmod 000 changes nothing): reading
     * /proc/self/mem at offset 0 fails with EIO.
     */
    @Test
    void aReadErrorHalfWayFailsTheStepNamingTheFileAndLeavesNoPartialTarget() {
        Path mem = Path.of("/proc/self/mem");
        assumeTrue(Files.isRegularFile(mem), "needs Linux /proc");
        write(dir, "out.txt", "previous");
        DataflowEngine proc = TestEngines.builder().permittedDirectory(Path.of("/proc/self")).build();
        Dataflow flow = Dataflow.builder("copy")
                .step("copy", StepSpec.of("connector_copy_file").with("from", mem.toString()).with("to", "out.txt"))
                .build();

        RunResult result = proc.run(flow, RunOptions.builder().baseDir(dir).build());

        assertThat(result.error().orElseThrow()).isEqualTo("Step 'copy' (connector_copy_file) failed: Cannot read"
                + " file \"/proc/self/mem\": Input/output error (config 'from')");
        assertThat(read(dir.resolve("out.txt"))).isEqualTo("previous");
        assertThat(FileTrees.snapshot(dir).keySet()).containsExactlyInAnyOrder("", "out.txt");
    }

    @Test
    void aFailedCopyLeavesAnExistingTargetUntouchedAndNoTemporaryFile() throws Exception {
        write(dir, "a.txt", "a");
        write(dir, "out/a.txt", "previous");
        Files.createDirectories(dir.resolve("out/b.txt")); // the second target is a directory: the step fails
        write(dir, "b.txt", "b");

        RunResult result = run(copy("{a,b}.txt", "out/"));

        assertThat(result.error().orElseThrow()).contains("Cannot write file \"" + dir.resolve("out/b.txt")
                + "\": it is a directory (config 'to')");
        assertThat(read(dir.resolve("out/a.txt"))).isEqualTo("a"); // the first file was copied completely
        assertThat(FileTrees.snapshot(dir.resolve("out")).keySet()).containsExactly("", "a.txt", "b.txt");
    }

    @Test
    void theFlowFormCopiesOneFilePerRecord() {
        write(dir, "in/1.txt", "one");
        write(dir, "in/2.txt", "two");
        Dataflow flow = Dataflow.builder("flowcopy")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", list(map("n", 1), map("n", 2))))
                .step("copy", StepSpec.of("flow_copy_file").with("from", "in/${{ record.n }}.txt")
                        .with("to", "out/copy-${{ record.n }}.txt")).dependsOn("reader")
                .build();

        run(flow).orThrow();

        assertThat(read(dir.resolve("out/copy-1.txt"))).isEqualTo("one");
        assertThat(read(dir.resolve("out/copy-2.txt"))).isEqualTo("two");
    }

    /** The tree the pattern tests copy from: files at two depths, a dot file and a dot directory. */
    private void patternTree() {
        write(dir, "in/a.csv", "a");
        write(dir, "in/.env", "secret");
        write(dir, "in/.hidden.csv", "h");
        write(dir, "in/sub/d.csv", "d");
        write(dir, "in/sub/deep/e.csv", "e");
        write(dir, "in/.git/f.csv", "f");
        write(dir, "in/.git/.keep", "");
    }

    private int copies;

    /** The names {@code copy_file} copies for {@code pattern}, each time into a new directory. */
    private List<String> copied(String pattern) {
        String target = "out" + ++copies + "/";
        run(copy(pattern, target)).orThrow();
        if (!Files.exists(dir.resolve(target))) {
            return List.of();
        }
        List<String> names = new java.util.ArrayList<>(FileTrees.snapshot(dir.resolve(target)).keySet());
        names.remove("");
        return names;
    }

    @Test
    void aStarDoesNotCopyDotFilesAsPhpGlobDoesNot() {
        patternTree();

        assertThat(copied("in/*")).containsExactly("a.csv");
        assertThat(copied("in/*.csv")).containsExactly("a.csv");
        assertThat(copied("in/*/*.csv")).containsExactly("d.csv");
    }

    @Test
    void aPatternThatNamesADotFileCopiesIt() {
        patternTree();

        assertThat(copied("in/.*")).containsExactly(".env", ".hidden.csv");
        assertThat(copied("in/.*.csv")).containsExactly(".hidden.csv");
        assertThat(copied("in/.git/*.csv")).containsExactly("f.csv");
        assertThat(copied("in/{.env,*.csv}")).containsExactly(".env", "a.csv");
        assertThat(copied("in/.git/*")).containsExactly("f.csv");
        assertThat(copied("in/.git/.*")).containsExactly(".keep");
    }

    @Test
    void aDoubleStarIsOneSegmentAsInPhpGlobNotEveryDirectory() {
        patternTree();

        assertThat(copied("in/**.csv")).containsExactly("a.csv");
        assertThat(copied("in/**/*.csv")).containsExactly("d.csv");
        assertThat(copied("in/**/**/*.csv")).containsExactly("e.csv");
    }

    @Test
    void copyAndListingMatchTheSameFiles() {
        patternTree();
        for (String pattern : List.of("*", "*.csv", "*/*.csv", ".*", "**/*.csv", ".git/*", "*/*/*", ".git/.*",
                "{.env,*.csv}", "{*,.*}/*")) {
            RunResult listed = run(Dataflow.builder("list").step("list", StepSpec.of("connector_directory_file_list")
                    .with("directory", "in").with("pattern", pattern).with("returnvalue", "basename")).build());

            assertThat(copied("in/" + pattern)).as(pattern)
                    .containsExactlyElementsOf(listed.orThrow().variable("steps.list.vars.filenames")
                            .map(v -> (List<?>) v).orElseThrow().stream().map(String::valueOf).sorted().toList());
        }
    }
}
