package io.dataflows.beam.internal;

import io.dataflows.DataflowEngine;
import io.dataflows.beam.BeamRunner;
import io.dataflows.spi.DataflowRunner;
import io.dataflows.spi.RunnerProvider;
import io.dataflows.spi.RunnerSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * The runner {@code beam}: a {@link BeamRunner} on Beam's direct runner, in this JVM. The settings' parallelism is
 * the direct runner's {@code targetParallelism} (its worker threads; default: the processors, at least 3).
 *
 * <p>The direct runner's checks that DoFns neither change their input nor emit what cannot be encoded
 * ({@code enforceImmutability}, {@code enforceEncodability}) are off: they copy and encode every record at every
 * step, which made a run of 100,000 rows about six times slower and five times bigger, and they test the DoFns,
 * which this module's tests do with {@link BeamRunner}'s default options, where they are on.
 */
public final class DirectRunnerProvider implements RunnerProvider {

    /** The name applications ask for. */
    public static final String NAME = "beam";

    /** For {@link java.util.ServiceLoader}. */
    public DirectRunnerProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "An Apache Beam pipeline on Beam's direct runner, in this process.";
    }

    @Override
    public DataflowRunner create(DataflowEngine engine, RunnerSettings settings) {
        List<String> args = new ArrayList<>(List.of("--blockOnRun=false", "--enforceImmutability=false",
                "--enforceEncodability=false"));
        settings.parallelism().ifPresent(n -> args.add("--targetParallelism=" + n));
        BeamRunner.Builder builder = BeamRunner.builder(engine)
                .pipelineOptions(PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).create());
        settings.permittedDirectories().forEach(builder::permittedDirectory);
        builder.workerSetup(settings.workerSetup());
        return new BeamDataflowRunner(NAME, builder.build());
    }
}
