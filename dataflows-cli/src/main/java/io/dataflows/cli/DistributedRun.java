package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.ValidationReport;
import io.dataflows.beam.BeamRunner;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code dataflows run --runner beam|flink}: the dataflow as an Apache Beam pipeline ({@code dataflows-beam}), on
 * Beam's direct runner in this process or on Apache Flink. The only class of the command that uses
 * {@code dataflows-beam}, which the command's jar does not contain (it would slow down every command's start-up):
 * {@link RunCommand} loads this class only for those runners, after {@link #isAvailable()} said the module is on the
 * class path.
 */
final class DistributedRun {

    /** The class whose presence says that {@code dataflows-beam} is on the class path. */
    static final String RUNNER_CLASS = "io.dataflows.beam.BeamRunner";

    private final BeamRunner runner;

    /**
     * @param runnerName {@code beam} or {@code flink}
     * @param flinkMaster for {@code flink}: {@code [local]} or {@code HOST:PORT}
     * @param parallelism for {@code flink}: the parallel workers of each stage, or null for Flink's default
     * @param permitted the directories the workers' engines permit, as the local engine does
     */
    DistributedRun(String runnerName, String flinkMaster, Integer parallelism, DataflowEngine engine,
            List<Path> permitted) {
        BeamRunner.Builder builder = BeamRunner.builder(engine);
        if (runnerName.equals("flink") && parallelism != null) {
            builder.flink(flinkMaster, parallelism);
        } else if (runnerName.equals("flink")) {
            builder.flink(flinkMaster);
        }
        permitted.forEach(builder::permittedDirectory);
        this.runner = builder.build();
    }

    /** Whether {@code dataflows-beam} is on the class path, without loading it. */
    static boolean isAvailable() {
        return RunCommand.class.getClassLoader().getResource(RUNNER_CLASS.replace('.', '/') + ".class") != null;
    }

    /** The engine's problems and those of the translation to a pipeline. */
    ValidationReport validate(Dataflow flow, RunOptions options) {
        return runner.validate(flow, options);
    }

    /** Runs the pipeline; the engine's state store records the run. */
    RunResult run(Dataflow flow, RunOptions options) {
        return runner.run(flow, options);
    }
}
