package io.dataflows.examples;

import static io.dataflows.steps.Steps.arrayReader;
import static io.dataflows.steps.Steps.connectorWait;
import static io.dataflows.steps.Steps.streamWriter;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Stopping runs: a timeout in {@link RunOptions}, and {@link RunHandle#cancel()} of a run started with
 * {@link DataflowEngine#start}. Either way the run ends {@link RunStatus#CANCELLED}, says why, and writes nothing.
 *
 * <p>Run it with {@code ./mvnw -q -pl dataflows-examples -am compile exec:java
 * -Dexec.mainClass=io.dataflows.examples.CancelExample} or from an IDE.
 */
public final class CancelExample {

    private CancelExample() {}

    /** A flow that waits for an hour (a stand-in for a slow upstream system), then writes a file. */
    public static Dataflow slowExport() {
        return Dataflow.builder("slow-export")
                .start("upstream", connectorWait(3600))
                .then("read", arrayReader(List.of(DataRecord.of("id", 1).asMap())))
                .then("write", streamWriter("export.json", "json"))
                .build();
    }

    /**
     * Runs {@link #slowExport()} in {@code dir} twice: once with a timeout, once cancelled by the caller.
     *
     * @return the two results, timed out first
     */
    public static List<RunResult> run(Path dir, PrintStream out) throws InterruptedException {
        DataflowEngine engine = DataflowEngine.builder().build();
        RunOptions options = RunOptions.builder().baseDir(dir).build();

        // 1. A timeout: run() returns when the timeout has cancelled the run.
        RunResult timedOut = engine.run(slowExport(), options.toBuilder().timeout(Duration.ofMillis(500)).build());
        out.println("with a timeout: " + timedOut.status().label() + " (" + timedOut.cancelReason().orElse("") + ")");

        // 2. start() returns at once; the caller cancels when it has to, e.g. when its user presses "stop".
        RunHandle handle = engine.start(slowExport(), options);
        while (handle.status() != RunStatus.PROCESSING && !handle.isDone()) {
            Thread.sleep(10);
        }
        handle.cancel();
        RunResult cancelled = handle.await(Duration.ofMinutes(1)).orElseThrow();
        out.println("cancelled: " + cancelled.status().label() + " (" + cancelled.cancelReason().orElse("")
                + "), step 'write': " + cancelled.step("write").status().label()
                + ", export.json written: " + Files.exists(dir.resolve("export.json")));
        return List.of(timedOut, cancelled);
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dataflows-example");
        run(dir, System.out);
    }
}
