package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.read;
import static io.dataflows.steps.FileTrees.write;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.spi.StepType;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** As in tool_dataflows' test: files a.txt, b.txt, c.txt listed in files.csv are appended one record at a time. */
class AppendFileStepTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    @BeforeEach
    void files() {
        write(dir, "a.txt", "blah! vlah");
        write(dir, "b.txt", "abc\nxyz");
        write(dir, "c.txt", "  ");
        write(dir, "files.csv", "fn\na.txt\nb.txt\nc.txt");
    }

    private RunResult append(String to, boolean chop) {
        Dataflow flow = Dataflow.builder("append")
                .step("reader", Steps.csvReader(dir + "/files.csv"))
                .step("append", StepSpec.of("flow_append_file").with("from", dir + "/${{ record.fn }}")
                        .with("to", to).with("chopfirstline", chop)).dependsOn("reader")
                .build();
        return engine.run(flow, RunOptions.builder().baseDir(dir).build());
    }

    @Test
    void appendsEveryFileToANewFile() {
        RunResult result = append(dir + "/out.txt", false);

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(read(dir.resolve("out.txt"))).isEqualTo("blah! vlahabc\nxyz  ");
    }

    @Test
    void appendsEachFileToItsOwnTarget() {
        write(dir, "_b.txt", "abc");

        append(dir + "/_${{ record.fn }}", false).orThrow();

        assertThat(read(dir.resolve("_a.txt"))).isEqualTo("blah! vlah");
        assertThat(read(dir.resolve("_b.txt"))).isEqualTo("abcabc\nxyz");
        assertThat(read(dir.resolve("_c.txt"))).isEqualTo("  ");
    }

    @Test
    void aDirectoryTargetGetsAFileNamedAfterTheSource() {
        write(dir, "somedir/b.txt", "abc");

        append(dir + "/somedir", false).orThrow();

        assertThat(read(dir.resolve("somedir/a.txt"))).isEqualTo("blah! vlah");
        assertThat(read(dir.resolve("somedir/b.txt"))).isEqualTo("abcabc\nxyz");
        assertThat(read(dir.resolve("somedir/c.txt"))).isEqualTo("  ");
    }

    @Test
    void chopFirstLineDropsTheFirstLineWhenAppendingToANonEmptyFile() {
        append(dir + "/out.txt", true).orThrow();

        assertThat(read(dir.resolve("out.txt"))).isEqualTo("blah! vlahxyz");
    }

    @Test
    void chopFirstLineHandlesWindowsLineBreaks() {
        write(dir, "b.txt", "header\r\nrow1\r\nrow2\r\n");
        write(dir, "a.txt", "header\r\n");
        write(dir, "c.txt", "header\r\nrow3\r\n");

        append(dir + "/out.txt", true).orThrow();

        assertThat(read(dir.resolve("out.txt"))).isEqualTo("header\r\nrow1\r\nrow2\r\nrow3\r\n");
    }

    @Test
    void aMissingSourceFailsTheStepAndLeavesTheTargetAsItWas() throws Exception {
        Files.delete(dir.resolve("b.txt"));

        RunResult result = append(dir + "/out.txt", false);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error().orElseThrow()).isEqualTo("Step 'append' (flow_append_file) failed on record #2:"
                + " Cannot read file \"" + dir.resolve("b.txt") + "\": no such file (config 'from')");
        assertThat(read(dir.resolve("out.txt"))).isEqualTo("blah! vlah");
        assertThat(FileTrees.snapshot(dir).keySet()).containsExactlyInAnyOrder("", "a.txt", "c.txt", "files.csv",
                "out.txt");
    }

    @Test
    void theConnectorFormAppendsOnce() {
        Dataflow flow = Dataflow.builder("append")
                .step("append", StepSpec.of("connector_append_file").with("from", "b.txt").with("to", "a.txt"))
                .build();

        engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();

        assertThat(read(dir.resolve("a.txt"))).isEqualTo("blah! vlahabc\nxyz");
    }

    /** tool_dataflows' has_side_effect tables (append, remove), for the rows that need no expression evaluated. */
    @Test
    void relativeTargetsHaveNoSideEffectAndAbsoluteOnesDo() {
        StepRegistry registry = StepRegistry.discover();
        Map<String, String> targetField = Map.of("connector_append_file", "to", "flow_append_file", "to",
                "connector_remove_file", "file", "flow_remove_file", "file", "connector_copy_file", "to",
                "flow_copy_file", "to", "connector_compression", "to", "flow_compression", "to",
                "connector_gpg", "to", "flow_gpg", "to");
        targetField.forEach((id, field) -> {
            StepType type = registry.find(id).orElseThrow();
            assertThat(type.hasSideEffects(Map.of(field, "test.txt"))).as(id + " relative").isFalse();
            assertThat(type.hasSideEffects(Map.of(field, "/test.txt"))).as(id + " absolute").isTrue();
            assertThat(type.hasSideEffects(Map.of(field, "file:///test.txt"))).as(id + " file URL").isTrue();
            assertThat(type.hasSideEffects(Map.of(field, "sftp://somewhere/test.txt"))).as(id + " sftp").isTrue();
            // an expression's value is unknown before the run: counted as a side effect
            assertThat(type.hasSideEffects(Map.of(field, "${{global.vars.dir1}}/test.txt"))).as(id).isTrue();
            assertThat(type.hasSideEffects(Map.of())).as(id + " without config").isTrue();
        });
        StepType put = registry.find("connector_file_put_content").orElseThrow();
        assertThat(put.hasSideEffects(Map.of("path", "test.txt"))).isFalse();
        assertThat(put.hasSideEffects(Map.of("path", "/test.txt"))).isTrue();
        for (String id : new String[] {"connector_hash_file", "flow_hash_file", "connector_file_exists",
                "connector_directory_file_count", "connector_directory_file_list", "reader_directory_file_list",
                "connector_debug_file_display"}) {
            assertThat(registry.find(id).orElseThrow().hasSideEffects(Map.of("path", "/x"))).as(id).isFalse();
        }
    }
}
