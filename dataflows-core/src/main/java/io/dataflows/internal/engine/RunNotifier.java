package io.dataflows.internal.engine;

import io.dataflows.RunListener;
import io.dataflows.RunResult;
import io.dataflows.StepResult;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a run's listeners what happens, on the run's thread. A listener that throws is logged and ignored: an
 * observer never changes the outcome of a run.
 */
final class RunNotifier {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    private final List<RunListener> listeners;
    private RunListener.RunInfo info;

    RunNotifier(List<RunListener> listeners) {
        this.listeners = listeners;
    }

    /** The run is known from now on (its record exists). */
    void identify(RunListener.RunInfo run) {
        this.info = run;
    }

    void runStarted() {
        notify(l -> l.runStarted(info));
    }

    void stepStarted(StepRuntime s) {
        notify(l -> l.stepStarted(info, s.alias));
    }

    void stepFinished(StepRuntime s) {
        StepResult r = s.result();
        notify(l -> l.stepFinished(info, r));
    }

    /** {@code reader} has read {@code records} records so far. */
    void progress(StepRuntime reader, long records) {
        notify(l -> l.progress(info, reader.alias, records));
    }

    void runFinished(RunResult result) {
        notify(l -> l.runFinished(result));
    }

    void runBlocked(RunResult result) {
        notify(l -> l.runBlocked(result));
    }

    private void notify(Consumer<RunListener> call) {
        for (RunListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.error("RunListener {} threw; ignored", l.getClass().getName(), e);
            }
        }
    }
}
