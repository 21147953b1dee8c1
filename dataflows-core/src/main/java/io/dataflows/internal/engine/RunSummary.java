package io.dataflows.internal.engine;

import io.dataflows.RunResult;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the steps of an ended run did, as the run history keeps it ({@code RunRecord.summary()}): the failed step
 * and record, and per step its status, records in and out and own time. The keys are those of the run state file
 * ({@code dataflows run --state-out}), so that a record of the history and that file read alike.
 */
public final class RunSummary {

    private RunSummary() {
    }

    /** The summary of a run in which no step ran (a blocked run). */
    static Map<String, Object> nothingRan() {
        return summary(null, null, Map.of());
    }

    /** The summary of {@code result} ({@link RunResult#summary()}); every key present, null when it does not apply. */
    public static Map<String, Object> of(RunResult result) {
        StepExecutionException failure = result.failure().orElse(null);
        Map<String, Object> steps = new LinkedHashMap<>();
        for (StepResult s : result.steps().values()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("status", s.status().label());
            step.put("recordsin", s.recordsIn());
            step.put("recordsout", s.recordsOut());
            step.put("millis", s.duration().toMillis());
            steps.put(s.alias(), step);
        }
        return summary(failure == null ? null : failure.stepAlias().orElse(null),
                failure == null || failure.recordNumber().isEmpty() ? null : failure.recordNumber().getAsLong(),
                steps);
    }

    private static Map<String, Object> summary(String failedStep, Long failedRecord, Map<String, Object> steps) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("failedstep", failedStep);
        summary.put("failedrecord", failedRecord);
        summary.put("steps", steps);
        return summary;
    }
}
