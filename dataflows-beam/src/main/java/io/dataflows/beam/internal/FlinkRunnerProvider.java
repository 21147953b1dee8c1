package io.dataflows.beam.internal;

import io.dataflows.DataflowEngine;
import io.dataflows.beam.BeamRunner;
import io.dataflows.spi.DataflowRunner;
import io.dataflows.spi.RunnerProvider;
import io.dataflows.spi.RunnerSettings;
import java.util.Map;

/**
 * The runner {@code flink}: a {@link BeamRunner} on Apache Flink ({@link BeamRunner.Builder#flink}). The option
 * {@value #MASTER} names the master (default {@value BeamRunner#LOCAL_FLINK}, Flink's mini cluster in this JVM); the
 * settings' parallelism is the workers per stage (default: Flink's).
 */
public final class FlinkRunnerProvider implements RunnerProvider {

    /** The name applications ask for. */
    public static final String NAME = "flink";

    /** The option naming the Flink master. */
    public static final String MASTER = "master";

    /** For {@link java.util.ServiceLoader}. */
    public FlinkRunnerProvider() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "An Apache Beam pipeline on Apache Flink: its mini cluster in this process, or a cluster.";
    }

    @Override
    public Map<String, String> options() {
        return Map.of(MASTER, "The JobManager of the Flink cluster, HOST:PORT (its REST port), or "
                + BeamRunner.LOCAL_FLINK + " (the default) for Flink's mini cluster in this process.");
    }

    @Override
    public DataflowRunner create(DataflowEngine engine, RunnerSettings settings) {
        String master = settings.option(MASTER).orElse(BeamRunner.LOCAL_FLINK);
        BeamRunner.Builder builder = BeamRunner.builder(engine);
        if (settings.parallelism().isPresent()) {
            builder.flink(master, settings.parallelism().getAsInt());
        } else {
            builder.flink(master);
        }
        settings.permittedDirectories().forEach(builder::permittedDirectory);
        builder.workerSetup(settings.workerSetup());
        return new BeamDataflowRunner(NAME, builder.build());
    }
}
