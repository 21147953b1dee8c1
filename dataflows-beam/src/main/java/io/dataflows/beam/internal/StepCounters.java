package io.dataflows.beam.internal;

import io.dataflows.RunResult;
import io.dataflows.StepResult;
import java.util.Collection;
import org.apache.beam.sdk.metrics.Metrics;

/**
 * Per-step record counts and times as Beam counters: {@code <alias>.in}, {@code <alias>.out} and
 * {@code <alias>.micros} (the time the step's work took, in microseconds) in the namespace {@value #NAMESPACE},
 * added to by every worker's run and summed by Beam for the runner's result.
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
                // Microseconds: a batch's step often takes less than a millisecond, which would sum to nothing.
                Metrics.counter(NAMESPACE, alias + ".micros").inc(step.duration().toNanos() / 1000);
            }
        }
    }
}
