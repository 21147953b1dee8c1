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
 * @param duration wall-clock time of the part of the run the step took part in, not of its own code alone: for a
 *     connector, its {@code run} (with its {@code vars}); for a reader or flow step, the whole flow block it belongs
 *     to, from opening its steps to closing them, so every step of one block reports the same duration. Zero for a
 *     step that never started
 */
public record StepResult(String alias, String type, RunStatus status, long recordsIn, long recordsOut,
        Duration duration) {}
