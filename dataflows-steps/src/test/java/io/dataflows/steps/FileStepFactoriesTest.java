package io.dataflows.steps;

import static io.dataflows.steps.FileTrees.read;
import static io.dataflows.steps.FileTrees.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.StepSpec;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed factories of the file steps build valid definitions that run. */
class FileStepFactoriesTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private final DataflowEngine engine = kit.builder().build();

    @Test
    void aConnectorChainBuiltWithTheFactories() {
        write(dir, "in.txt", "Hello World");
        Dataflow flow = Dataflow.builder("factories")
                .start("put", Steps.connectorFilePutContent("header.txt", "name\n"))
                .then("copy", Steps.connectorCopyFile("in.txt", "work/"))
                .then("append", Steps.connectorAppendFile("work/in.txt", "header.txt", false))
                .then("hash", Steps.connectorHashFile("in.txt", "md5"))
                .then("gzip", Steps.connectorGzip("compress", "header.txt", "header.txt.gz"))
                .then("remove", Steps.connectorRemoveFile("work/in.txt"))
                .build();
        assertThat(engine.validate(flow, RunOptions.builder().baseDir(dir).build()).isValid()).isTrue();

        RunResult result = engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();

        assertThat(read(dir.resolve("header.txt"))).isEqualTo("name\nHello World");
        assertThat(result.variable("steps.hash.hash")).contains("b10a8db164e0754105b7a99be72e3fe5");
        assertThat(result.variable("steps.gzip.vars.success")).contains(true);
        assertThat(dir.resolve("work/in.txt")).doesNotExist();
    }

    @Test
    void aFlowBuiltWithTheFactories() {
        write(dir, "in/a.txt", "a");
        write(dir, "in/b.txt", "b");
        kit.sink().reset();
        Dataflow flow = Dataflow.builder("factories")
                .start("list", Steps.directoryFileListReader("in", "*.txt"))
                .then("copy", Steps.flowCopyFile("in/${{ record.filename }}", "out/"))
                .then("append", Steps.flowAppendFile("in/${{ record.filename }}", "all.txt", false))
                .then("hash", Steps.flowHashFile("in/${{ record.filename }}", "sha1"))
                .then("put", Steps.flowFilePutContent("out/${{ record.filename }}.done", "${{ steps.hash.hash }}"))
                .then("remove", Steps.flowRemoveFile("in/${{ record.filename }}"))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();

        engine.run(flow, RunOptions.builder().baseDir(dir).build()).orThrow();

        assertThat(read(dir.resolve("all.txt"))).isEqualTo("ab");
        assertThat(read(dir.resolve("out/b.txt"))).isEqualTo("b");
        assertThat(read(dir.resolve("out/a.txt.done"))).isEqualTo("86f7e437faa5a7fce15d1ddcb9eaeaea377667b8");
        assertThat(kit.sink().records("sink")).hasSize(2);
    }

    @Test
    void blankPathsAreRejectedWhenBuilding() {
        assertThatThrownBy(() -> Steps.connectorCopyFile(" ", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must not be blank");
    }
}
