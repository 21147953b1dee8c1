package io.dataflows.scheduler;

import io.dataflows.RunResult;
import io.dataflows.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Keeps what a scheduler's listener heard, in order. */
final class RecordingSchedulerListener implements SchedulerListener {

    /** A run a trigger started. */
    record Started(String dataflow, Trigger trigger, String runId, Map<String, Object> details) {}

    /** A retry that was scheduled. */
    record Retried(String dataflow, Instant at, int retryNumber, RunResult aborted) {}

    private final List<Started> started = Collections.synchronizedList(new ArrayList<>());
    private final List<String> ended = Collections.synchronizedList(new ArrayList<>());
    private final List<Skip> skipped = Collections.synchronizedList(new ArrayList<>());
    private final List<Retried> retried = Collections.synchronizedList(new ArrayList<>());
    private final List<String> scheduled = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void scheduled(String dataflow, Instant at) {
        scheduled.add(dataflow + " " + at);
    }

    @Override
    public void retried(String dataflow, Instant at, int retryNumber, RunResult aborted) {
        retried.add(new Retried(dataflow, at, retryNumber, aborted));
    }

    @Override
    public void started(String dataflow, Trigger trigger, String runId, Map<String, Object> details) {
        started.add(new Started(dataflow, trigger, runId, details));
    }

    @Override
    public void ended(String dataflow, Trigger trigger, RunResult result) {
        ended.add(dataflow + " " + trigger.label() + " " + result.runId() + " " + result.status().label());
    }

    @Override
    public void skipped(Skip skip) {
        skipped.add(skip);
    }

    List<Started> started() {
        synchronized (started) {
            return List.copyOf(started);
        }
    }

    List<Started> started(String dataflow) {
        return started().stream().filter(s -> s.dataflow().equals(dataflow)).toList();
    }

    /** The runs the scheduler is done with, as "dataflow trigger runId status", in the order they ended. */
    List<String> ended() {
        synchronized (ended) {
            return List.copyOf(ended);
        }
    }

    List<Skip> skipped() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    List<Skip> skipped(String dataflow) {
        return skipped().stream().filter(s -> s.dataflow().equals(dataflow)).toList();
    }

    List<Retried> retried() {
        synchronized (retried) {
            return List.copyOf(retried);
        }
    }

    List<String> scheduled() {
        synchronized (scheduled) {
            return List.copyOf(scheduled);
        }
    }
}
