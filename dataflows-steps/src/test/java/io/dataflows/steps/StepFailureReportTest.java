package io.dataflows.steps;

import static io.dataflows.testkit.Maps.list;
import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which record a failure names, and what it says when there is no record. */
class StepFailureReportTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    @Test
    void aSourceThatCannotBeOpenedNamesNoRecordAndGivesTheRootCause() {
        Dataflow flow = Dataflow.builder("missing")
                .start("read", StepSpec.of("reader_csv").with("path", "nope.csv"))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();

        RunResult result = engine.run(flow, RunOptions.builder().baseDir(dir).build());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.recordNumber()).isEmpty();
        Path nope = dir.toAbsolutePath().normalize().resolve("nope.csv");
        assertThat(failure.getMessage()).isEqualTo("Step 'read' (reader_csv) failed: Failed to open stream \""
                + nope + "\". (NoSuchFileException: " + nope + ")");
        assertThat(failure.getCause()).hasRootCauseInstanceOf(NoSuchFileException.class);
        assertThat(result.step("sink").status()).isEqualTo(RunStatus.ABORTED);
    }

    @Test
    void aBadRowOfAnOpenedSourceStillNamesItsRecord() throws Exception {
        Files.writeString(dir.resolve("in.csv"), "a,b\n1,2\n3,\"4\n");
        Dataflow flow = Dataflow.builder("bad-row")
                .start("read", StepSpec.of("reader_csv").with("path", "in.csv"))
                .then("sink", StepSpec.of(CollectingSink.ID))
                .build();

        RunResult result = engine.run(flow, RunOptions.builder().baseDir(dir).build());

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().recordNumber()).hasValue(2);
    }

    @Test
    void aFailureAfterAFilterNamesTheSourceRow() {
        Dataflow flow = Dataflow.builder("source-row")
                .start("read", StepSpec.of(ArraySource.ID).with("source",
                        list(map("n", 1, "a", 1), map("n", 2, "a", 2), map("n", 3, "a", 3), map("n", 4))))
                .then("odd", StepSpec.of("flow_transformer_filter").with("filter", "record.n != 2"))
                .then("sink", StepSpec.of(CollectingSink.ID)).stepVar("a", "${{ record.a }}")
                .build();

        RunResult result = engine.run(flow);

        StepExecutionException failure = result.failure().orElseThrow();
        assertThat(failure.stepAlias()).contains("sink");
        assertThat(result.step("sink").recordsIn()).isEqualTo(3);
        assertThat(failure.recordNumber()).hasValue(4); // the fourth row read, though the sink's third record
    }
}
