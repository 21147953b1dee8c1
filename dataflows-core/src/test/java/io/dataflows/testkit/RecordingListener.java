package io.dataflows.testkit;

import io.dataflows.RunListener;
import io.dataflows.RunResult;
import io.dataflows.StepResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A {@link RunListener} that records every call as a line of text, in order. */
public final class RecordingListener implements RunListener {

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    public List<String> events() {
        return List.copyOf(events);
    }

    @Override
    public void runStarted(RunInfo run) {
        events.add("runStarted " + run.dataflowName());
    }

    @Override
    public void stepStarted(RunInfo run, String stepAlias) {
        events.add("stepStarted " + stepAlias);
    }

    @Override
    public void stepFinished(RunInfo run, StepResult step) {
        events.add("stepFinished " + step.alias() + " " + step.status().label() + " in=" + step.recordsIn()
                + " out=" + step.recordsOut());
    }

    @Override
    public void progress(RunInfo run, String readerAlias, long records) {
        events.add("progress " + readerAlias + " " + records);
    }

    @Override
    public void runFinished(RunResult result) {
        events.add("runFinished " + result.status().label());
    }

    @Override
    public void runBlocked(RunResult result) {
        events.add("runBlocked " + result.runName());
    }
}
