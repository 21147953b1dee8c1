package io.dataflows.beam.internal;

import io.dataflows.Dataflow;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.ValidationReport;
import io.dataflows.beam.BeamRunner;
import io.dataflows.spi.DataflowRunner;

/** A {@link BeamRunner} behind the runner SPI, under the name of the provider that made it. */
final class BeamDataflowRunner implements DataflowRunner {

    private final String name;
    private final BeamRunner runner;

    BeamDataflowRunner(String name, BeamRunner runner) {
        this.name = name;
        this.runner = runner;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ValidationReport validate(Dataflow flow, RunOptions options) {
        return runner.validate(flow, options);
    }

    @Override
    public RunHandle start(Dataflow flow, RunOptions options) {
        return runner.start(flow, options);
    }
}
