package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tool_dataflows' list-constraint vectors on a real directory tree, through the connector and the reader. */
class DirectoryFileListStepTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private final DataflowEngine engine = kit.builder().build();

    @BeforeEach
    void tree() {
        for (String name : List.of("test.txt", "test.pdf", "test.csv", "2019-08-03-123451001.csv",
                "2019-08-03-123451002.csv", "2019-08-03-123451003.csv", "output/2019-08-03-123451002-final.csv")) {
            write(dir, "files/" + name, name);
        }
    }

    private static StepSpec list(String type, String directory, String returnValue, String sort, Object limit,
            String pattern) {
        return StepSpec.of(type).with("directory", directory).with("returnvalue", returnValue).with("sort", sort)
                .with("offset", "0").with("limit", limit).with("pattern", pattern);
    }

    /** The list through the connector ({@code vars.filenames}) and through the reader (records), checked equal. */
    private List<String> both(String directory, String returnValue, String sort, Object limit, String pattern) {
        RunOptions options = RunOptions.builder().baseDir(dir).build();
        RunResult connector = engine.run(Dataflow.builder("c")
                .step("list", list("connector_directory_file_list", directory, returnValue, sort, limit, pattern))
                .build(), options);
        @SuppressWarnings("unchecked")
        List<String> fromConnector = (List<String>) connector.orThrow().variable("steps.list.vars.filenames")
                .orElseThrow();

        kit.sink().reset();
        engine.run(Dataflow.builder("r")
                .step("list", list("reader_directory_file_list", directory, returnValue, sort, limit, pattern))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("list")
                .build(), options).orThrow();
        List<String> fromReader = new ArrayList<>();
        for (Map<String, Object> record : kit.sink().maps("sink")) {
            assertThat(record.keySet()).containsExactly("filename");
            fromReader.add((String) record.get("filename"));
        }
        assertThat(fromReader).as("reader = connector").isEqualTo(fromConnector);
        return fromConnector;
    }

    @Test
    void theListVectorsOnARealTreeWithGlobSemantics() {
        // PHP listed local files with glob(dir/pattern): '*.csv' stays in the directory, 'output/*' goes into output.
        // (tool_dataflows ran the list constraints over a synthetic list with fnmatch; ListConstraintsTest ports that.)
        List<String> topCsv = List.of("2019-08-03-123451001.csv", "2019-08-03-123451002.csv",
                "2019-08-03-123451003.csv", "test.csv");
        assertThat(both("files", "relativepath", "alpha", null, "*.csv")).isEqualTo(topCsv);
        assertThat(both("files", "relativepath", "alpha", 0, "*.csv")).isEqualTo(topCsv);
        assertThat(both("files", "relativepath", "alpha_reverse", 1, "*.csv")).containsExactly("test.csv");
        assertThat(both("files", "relativepath", "alpha", 1, "*.csv")).containsExactly("2019-08-03-123451001.csv");
        assertThat(both("files", "relativepath", "alpha", 1, "2019-08-03-*.csv"))
                .containsExactly("2019-08-03-123451001.csv");
        assertThat(both("files", "relativepath", "alpha_reverse", 1, "2019-08-03-*.csv"))
                .containsExactly("2019-08-03-123451003.csv");
        assertThat(both("files", "basename", "alpha", 1, "output/*")).containsExactly("2019-08-03-123451002-final.csv");
        // basepath "output": list the output directory itself
        assertThat(both("files/output", "relativepath", "alpha", 1, "*"))
                .containsExactly("2019-08-03-123451002-final.csv");
        assertThat(both("files", "relativepath", "alpha", 1, "output/*"))
                .containsExactly("output/2019-08-03-123451002-final.csv");
        assertThat(both("files", "relativepath", "alpha", 0, "{*,*/*}.csv")).isEqualTo(List.of(
                "2019-08-03-123451001.csv", "2019-08-03-123451002.csv", "2019-08-03-123451003.csv",
                "output/2019-08-03-123451002-final.csv", "test.csv"));
        assertThat(both("files", "absolutepath", "alpha", 0, "test.{csv,pdf}"))
                .containsExactly(dir.resolve("files/test.csv").toString(), dir.resolve("files/test.pdf").toString());
    }

    /** tool_dataflows tested subdirectories with isset, so false listed directories too; false leaves them out. */
    @Test
    void subdirectoriesFalseLeavesDirectoriesOut() {
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        engine.run(Dataflow.builder("r")
                .step("list", StepSpec.of("reader_directory_file_list").with("directory", "files")
                        .with("subdirectories", false).with("pattern", "o*"))
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("list")
                .build(), options).orThrow();
        assertThat(kit.sink().maps("sink")).isEmpty();
        RunResult withoutDirs = engine.run(Dataflow.builder("c")
                .step("list", StepSpec.of("connector_directory_file_list").with("directory", "files")
                        .with("subdirectories", false).with("sort", "alpha"))
                .build(), options);
        assertThat(withoutDirs.variable("steps.list.vars.filenames")).contains(List.of("2019-08-03-123451001.csv",
                "2019-08-03-123451002.csv", "2019-08-03-123451003.csv", "test.csv", "test.pdf", "test.txt"));
    }

    /** PHP 8.2: natsort(["file10.txt", "a.csv", "File10.txt", "file2.txt"]): File10.txt a.csv file2.txt file10.txt. */
    @Test
    void naturalSortIsCaseSensitiveAsPhpNatsort() {
        for (String name : List.of("file10.txt", "a.csv", "File10.txt", "file2.txt")) {
            write(dir, "mixed/" + name, name);
        }

        assertThat(both("mixed", "basename", "natural", 0, "*"))
                .containsExactly("File10.txt", "a.csv", "file2.txt", "file10.txt");
    }

    @Test
    void subdirectoriesAddsDirectoryEntriesAndDotFilesNeedAnExplicitPattern() {
        write(dir, "files/.hidden", "h");
        write(dir, "files/.git/config", "c");
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        RunResult withDirs = engine.run(Dataflow.builder("c")
                .step("list", StepSpec.of("connector_directory_file_list").with("directory", "files")
                        .with("subdirectories", true).with("sort", "alpha"))
                .build(), options);
        assertThat(withDirs.variable("steps.list.vars.filenames")).contains(List.of("2019-08-03-123451001.csv",
                "2019-08-03-123451002.csv", "2019-08-03-123451003.csv", "output", "test.csv", "test.pdf",
                "test.txt"));

        RunResult dots = engine.run(Dataflow.builder("c")
                .step("list", StepSpec.of("connector_directory_file_list").with("directory", "files")
                        .with("pattern", ".*").with("returnvalue", "relativepath"))
                .build(), options);
        assertThat(dots.variable("steps.list.vars.filenames")).contains(List.of(".hidden"));
        RunResult inDotDir = engine.run(Dataflow.builder("c")
                .step("list", StepSpec.of("connector_directory_file_list").with("directory", "files")
                        .with("pattern", ".git/*").with("returnvalue", "relativepath"))
                .build(), options);
        assertThat(inDotDir.variable("steps.list.vars.filenames")).contains(List.of(".git/config"));
    }

    @Test
    void aSymlinkedDirectoryIsListedThroughTheLink() throws Exception {
        java.nio.file.Files.createSymbolicLink(dir.resolve("files-link"), dir.resolve("files"));

        assertThat(both("files-link", "absolutepath", "alpha", 0, "test.c*"))
                .containsExactly(dir.resolve("files-link/test.csv").toString());
    }

    @Test
    void aMissingDirectoryListsNothing() {
        RunResult result = engine.run(Dataflow.builder("c")
                .step("list", StepSpec.of("connector_directory_file_list").with("directory", "nowhere"))
                .build(), RunOptions.builder().baseDir(dir).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.list.vars.filenames")).contains(List.of());
    }

    @Test
    void aFileGivenAsTheDirectoryFailsTheStep() {
        RunResult result = engine.run(Dataflow.builder("c")
                .step("list", StepSpec.of("connector_directory_file_list").with("directory", "files/test.txt"))
                .build(), RunOptions.builder().baseDir(dir).build());

        assertThat(result.error().orElseThrow()).isEqualTo("Step 'list' (connector_directory_file_list) failed:"
                + " Cannot list \"" + dir.resolve("files/test.txt") + "\": it is not a directory (config 'directory')");
    }

    @Test
    void invalidSortAndReturnValueAreValidationErrors() {
        Dataflow flow = Dataflow.builder("c")
                .step("list", StepSpec.of("connector_directory_file_list").with("directory", "files")
                        .with("sort", "random").with("returnvalue", "size"))
                .build();

        assertThat(engine.validate(flow).messages()).containsExactlyInAnyOrder(
                "Config 'returnvalue' is invalid. Allowed values: basename, relativepath, absolutepath.",
                "Config 'sort' is invalid. Allowed values: alpha, alpha_reverse, natural.");
    }
}
