package io.dataflows.beam.internal;

import org.apache.beam.sdk.metrics.MetricResult;

/**
 * Which value of a metric a runner gives complete once its pipeline has finished: the launcher reads the workers'
 * counts and step state from it.
 */
public enum MetricView {

    /**
     * The value committed with each bundle's result. The direct runner records it before it may call the pipeline
     * done, whereas it adds a bundle's attempted value on the bundle's thread after that result: a query right after
     * the end could miss the last bundles (a step counted 2 of its 3 records).
     */
    COMMITTED,

    /** The attempted value: the one other runners, such as Flink, report. */
    ATTEMPTED;

    /** The view to read on the direct runner when {@code directRunner}, else on another runner. */
    public static MetricView of(boolean directRunner) {
        return directRunner ? COMMITTED : ATTEMPTED;
    }

    /** This view's value of {@code metric}. */
    public <T> T valueOf(MetricResult<T> metric) {
        return this == COMMITTED ? metric.getCommitted() : metric.getAttempted();
    }
}
