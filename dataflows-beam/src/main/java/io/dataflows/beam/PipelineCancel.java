package io.dataflows.beam;

import java.io.IOException;
import java.util.Optional;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;

/**
 * The cancellation of one run's pipeline. A runner that hands back its {@link PipelineResult} while the pipeline
 * runs (the direct runner, which {@link BeamRunner} starts without blocking) is cancelled through
 * {@link PipelineResult#cancel()}, which stops its worker threads; a runner that returns only when the pipeline has
 * ended (Flink's, attached to its job) cannot be reached that way, so the thread waiting for it is interrupted, and
 * the wait ends with the pipeline's failure. Thread-safe.
 */
final class PipelineCancel {

    private String reason;
    private PipelineResult running;
    private Thread waiting;

    /**
     * Asks for the stop.
     *
     * @return false when a stop had already been asked for
     */
    synchronized boolean request(String why) {
        if (reason != null) {
            return false;
        }
        reason = why;
        if (running != null) {
            stop(running);
        } else if (waiting != null) {
            waiting.interrupt();
        }
        return true;
    }

    /** Why the run was cancelled, once it was asked to stop. */
    synchronized Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    /**
     * Runs {@code pipeline} and waits until it ends; null, without running it, when the stop was asked for before.
     * The interrupt of a cancelled wait is cleared before this returns, so that recording the run's end is not
     * disturbed by it.
     */
    PipelineResult runAndWait(Pipeline pipeline) {
        synchronized (this) {
            if (reason != null) {
                return null;
            }
            waiting = Thread.currentThread();
        }
        try {
            PipelineResult result = pipeline.run();
            synchronized (this) {
                running = result;
                if (reason != null) {
                    stop(result);
                }
            }
            result.waitUntilFinish();
            return result;
        } finally {
            synchronized (this) {
                waiting = null;
                if (reason != null) {
                    Thread.interrupted();
                }
            }
        }
    }

    /** Cancels the pipeline, or interrupts the wait for it when its runner cannot cancel it. */
    private void stop(PipelineResult result) {
        try {
            result.cancel();
        } catch (IOException | UnsupportedOperationException e) {
            if (waiting != null) {
                waiting.interrupt();
            }
        }
    }
}
