package io.dataflows.examples;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading a dry run's effects as data: run a flow for real only when its dry run would write nowhere but under an
 * expected directory and delete nothing.
 */
public final class DryRunExample {

    private DryRunExample() {}

    /**
     * What a dry run of {@code flow} says it would do that is not allowed: any delete, any write or copy outside
     * {@code outputRoot}, any effect of another kind. Empty when the flow may run.
     */
    public static List<String> objections(DataflowEngine engine, Dataflow flow, RunOptions options,
            Path outputRoot) {
        RunResult dry = engine.run(flow, options.toBuilder().dryRun(true).build()).orThrow();
        List<String> objections = new ArrayList<>();
        for (Effect effect : dry.effects()) {
            boolean fileOutput = effect.kind() == Effect.Kind.WRITE || effect.kind() == Effect.Kind.COPY;
            boolean underRoot = effect.target().map(t -> Path.of(t).startsWith(outputRoot)).orElse(false);
            if (!fileOutput || !underRoot) {
                objections.add(effect.toString());   // e.g. "tidy: would remove /data/in/users.csv"
            }
        }
        return objections;
    }

    /**
     * Runs {@code flow} for real when {@link #objections} finds none.
     *
     * @throws IllegalStateException listing the objections otherwise
     */
    public static RunResult runIfOnlyWritingUnder(DataflowEngine engine, Dataflow flow, RunOptions options,
            Path outputRoot) {
        List<String> objections = objections(engine, flow, options, outputRoot);
        if (!objections.isEmpty()) {
            throw new IllegalStateException("Not running '" + flow.name() + "': " + String.join("; ", objections));
        }
        return engine.run(flow, options).orThrow();
    }
}
