package io.dataflows.beam.internal;

import io.dataflows.RunResult;
import io.dataflows.StepResult;
import java.util.Collection;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Per-step record counts as Beam counters: {@code <alias>.in} and {@code <alias>.out} in the namespace
 * {@value #NAMESPACE}, added to by every worker's run and summed by Beam for the runner's result.
 */
public final class StepCounters {

    /** The namespace of the counters. */
    public static final String NAMESPACE = "dataflows";

    private StepCounters() {}

    /** Adds what {@code aliases} did in a worker's run. */
    static void add(RunResult result, Collection<String> aliases) {
        for (String alias : aliases) {
            StepResult step = result.steps().get(alias);
            if (step != null) {
                Metrics.counter(NAMESPACE, alias + ".in").inc(step.recordsIn());
                Metrics.counter(NAMESPACE, alias + ".out").inc(step.recordsOut());
            }
        }
    }
}
