package io.dataflows.steps;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.Maps;
import java.nio.file.Path;

/**
 * A process for tests to kill: runs a flow that writes {@code out.jsonl} into the base directory and blocks after
 * the first record was written, leaving an atomic write's temporary file and the run's scratch directory in place.
 *
 * <p>Arguments: the scratch root, the base directory, the file to create once the run blocks.
 */
public final class KillableRun {

    private KillableRun() {}

    public static void main(String[] args) {
        Path scratchRoot = Path.of(args[0]);
        Path base = Path.of(args[1]);
        DataflowEngine engine = DataflowEngine.builder()
                .stepRegistry(StepRegistry.builder().discover().add(new ArraySource()).add(new BlockingStep()).build())
                .scratchRoot(scratchRoot)
                .build();
        Dataflow flow = Dataflow.builder("killable")
                .step("source", StepSpec.of(ArraySource.ID).with("source", Maps.list(Maps.map("a", 1),
                        Maps.map("a", 2))))
                .step("writer", StepSpec.of("writer_stream").with("streamname", "out.jsonl").with("format", "jsonl"))
                .dependsOn("source")
                .step("block", StepSpec.of("test_block").with("started", args[2])).dependsOn("writer")
                .build();
        engine.run(flow, RunOptions.builder().baseDir(base).build());
    }
}
