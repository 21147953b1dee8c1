package io.dataflows;

import java.time.Duration;

/**
 * What one step did in a run.
 *
 * @param alias the step's alias
 * @param type the step's type id
 * @param status its last status: {@code FINALISED}, {@code CANCELLED} or {@code ABORTED} after a run
 * @param recordsIn records the step received (flow steps), 0 for connectors
 * @param recordsOut records the step emitted
 * @param duration time spent in the step's own code
 */
public record StepResult(String alias, String type, RunStatus status, long recordsIn, long recordsOut,
        Duration duration) {}
