package io.dataflows.bench;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.ValidationReport;
import java.nio.file.Path;

/**
 * A flow file run the way an application that embeds the library runs it: read, validated and run by an engine with
 * the default in-memory state store, so no database opens. Started with the command line's jar, its class-data
 * archive and its JVM options, it is the floor of {@code dataflows run} for the same flow: what a run costs when
 * nothing keeps state (no run lock, no persisted variables, no run history). Given a directory as well, it keeps the
 * state there instead, with the library's directory store (JSON files, an OS file lock for the run lock). Exits 0
 * when the run finalised, 1 otherwise, 2 when the flow is invalid.
 */
public final class EmbeddedRun {

    private EmbeddedRun() {
    }

    /**
     * {@code FLOW.yml [STATE_DIR]}: runs it, relative paths against its directory, step output on standard output,
     * the state in memory or in {@code STATE_DIR}.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 && args.length != 2) {
            System.err.println("usage: EmbeddedRun FLOW.yml [STATE_DIR]");
            System.exit(64);
        }
        Path file = Path.of(args[0]).toAbsolutePath().normalize();
        Path dir = file.getParent();
        DataflowEngine.Builder builder = DataflowEngine.builder().baseDirectory(dir).permittedDirectory(dir);
        if (args.length == 2) {
            builder.stateStore(StateStores.directory(Path.of(args[1])));
        }
        DataflowEngine engine = builder.build();
        Dataflow flow = Definitions.read(file);
        RunOptions options = RunOptions.builder().baseDir(dir).build();
        ValidationReport report = engine.validate(flow, options);
        if (!report.isValid()) {
            System.err.println(report);
            System.exit(2);
        }
        RunResult result = engine.start(flow, options).await();
        System.out.flush();
        System.exit(result.status() == RunStatus.FINALISED ? 0 : 1);
    }
}
