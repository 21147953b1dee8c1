package io.dataflows.scheduler.internal;

import io.dataflows.RunResult;
import io.dataflows.Trigger;
import io.dataflows.scheduler.SchedulerListener;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells every listener, in registration order; a listener that throws is logged and the others still hear. */
final class Listeners implements SchedulerListener {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.scheduler");

    private final List<SchedulerListener> listeners;

    Listeners(List<SchedulerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void scheduled(String dataflow, Instant at) {
        each(l -> l.scheduled(dataflow, at));
    }

    @Override
    public void retried(String dataflow, Instant at, int retryNumber, RunResult aborted) {
        each(l -> l.retried(dataflow, at, retryNumber, aborted));
    }

    @Override
    public void started(String dataflow, Trigger trigger, String runId, Map<String, Object> details) {
        each(l -> l.started(dataflow, trigger, runId, details));
    }

    @Override
    public void ended(String dataflow, Trigger trigger, RunResult result) {
        each(l -> l.ended(dataflow, trigger, result));
    }

    @Override
    public void skipped(Skip skip) {
        each(l -> l.skipped(skip));
    }

    private void each(Consumer<SchedulerListener> call) {
        for (SchedulerListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("Scheduler listener {} failed: {}", l, e.toString());
            }
        }
    }
}
