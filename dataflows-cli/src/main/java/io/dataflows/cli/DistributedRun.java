package io.dataflows.cli;

import io.dataflows.DataflowEngine;
import io.dataflows.EngineSetup;
import io.dataflows.Runners;
import io.dataflows.spi.DataflowRunner;
import io.dataflows.spi.RunnerSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code dataflows run --runner beam|flink}: the runner of that name, found through the runner SPI
 * ({@link Runners}). The command does not compile against {@code dataflows-beam}, which offers both and which the
 * command's jar does not contain (it would slow down every command's start-up): the {@code dataflows} script puts
 * the module and its libraries on the class path for these runners only.
 */
final class DistributedRun {

    /** The runner option naming the Flink master. */
    static final String FLINK_MASTER = "master";

    private DistributedRun() {}

    /** Whether a runner named {@code name} is on the class path. */
    static boolean isAvailable(String name) {
        return Runners.find(name).isPresent();
    }

    /**
     * The runner {@code name} for {@code engine}.
     *
     * @param flinkMaster for {@code flink}: {@code [local]} or {@code HOST:PORT}; null for the runner's default
     * @param parallelism for {@code flink}: the parallel workers of each stage, or null for Flink's default
     * @param permitted the directories the workers' engines permit, as the local engine does
     * @param workerSetup the rest of what the workers' engines get from the command line
     */
    static DataflowRunner runner(String name, String flinkMaster, Integer parallelism, DataflowEngine engine,
            List<Path> permitted, EngineSetup workerSetup) {
        RunnerSettings.Builder settings = RunnerSettings.builder().workerSetup(workerSetup);
        permitted.forEach(settings::permittedDirectory);
        if (parallelism != null) {
            settings.parallelism(parallelism);
        }
        if (flinkMaster != null) {
            settings.option(FLINK_MASTER, flinkMaster);
        }
        return Runners.create(name, engine, settings.build());
    }
}
