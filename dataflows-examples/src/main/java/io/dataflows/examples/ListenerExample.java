package io.dataflows.examples;

import static io.dataflows.steps.Steps.arrayReader;
import static io.dataflows.steps.Steps.filter;
import static io.dataflows.steps.Steps.streamWriter;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.StepResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watching runs: a listener on the engine that hears every run (and so must be thread-safe), written as a class,
 * and listeners of one run written as lambdas.
 *
 * <p>Run it with {@code ./mvnw -q -pl dataflows-examples -am compile exec:java
 * -Dexec.mainClass=io.dataflows.examples.ListenerExample} or from an IDE.
 */
public final class ListenerExample {

    private ListenerExample() {}

    /** Counts the runs that did not finalise, for every run of the engine (runs on many threads call it). */
    static final class FailedRuns implements RunListener {
        final AtomicLong count = new AtomicLong();

        @Override
        public void runFinished(RunResult result) {
            if (!result.isSuccess()) {
                count.incrementAndGet();
            }
        }
    }

    /** Reads three orders, keeps the large ones, writes them. */
    public static Dataflow largeOrders() {
        return Dataflow.builder("large-orders")
                .start("read", arrayReader(List.of(
                        DataRecord.of("id", 1, "total", 250).asMap(),
                        DataRecord.of("id", 2, "total", 40).asMap(),
                        DataRecord.of("id", 3, "total", 990).asMap())))
                .then("large", filter("record.total >= 100"))
                .then("write", streamWriter("large.jsonl", "jsonl"))
                .build();
    }

    /** Runs {@link #largeOrders()} in {@code dir}, printing what each step did; returns the result. */
    public static RunResult run(Path dir, PrintStream out) {
        FailedRuns failed = new FailedRuns();
        DataflowEngine engine = DataflowEngine.builder().listener(failed).build();

        RunResult result = engine.run(largeOrders(), RunOptions.builder().baseDir(dir)
                // Listeners of this run only, as lambdas; called on the run's thread, in order.
                .listener(RunListener.onStepFinished((run, step) -> out.println(describe(step))))
                .listener(RunListener.onRunFinished(r -> out.println("run " + r.runName() + " of "
                        + r.dataflowName() + ": " + r.status().label())))
                .build());
        out.println("runs that did not finalise: " + failed.count.get());
        return result;
    }

    private static String describe(StepResult step) {
        return step.alias() + " (" + step.type() + "): " + step.status().label() + ", " + step.recordsIn()
                + " in, " + step.recordsOut() + " out";
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dataflows-example");
        run(dir, System.out);
    }
}
