package io.dataflows;

import io.dataflows.spi.StepState;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One flow block of a run handed to a {@link FlowBlockExecutor}: the steps that stream records from their readers
 * to their writers, and the variables as the connectors that ran before them left them.
 *
 * @param dataflow the dataflow's name
 * @param runId the run's id, as the state store recorded its start
 * @param dryRun whether the run is a dry run
 * @param steps the aliases of the block's steps (its readers, flow steps and writers), in the dataflow's order
 * @param vars {@code dataflow.vars} as they stand when the block starts, evaluated (definitions, persisted
 *     values, run options and what connectors set); secret values are not masked
 * @param stepStates per step of the block, its state in the run's state store, as the step itself would see it
 *     ({@link io.dataflows.spi.StepContext#state()}: writes are kept for the run only in a dry run), for an executor
 *     that carries the state of steps that declare it ({@link io.dataflows.spi.StepType#stateKeys})
 */
public record FlowBlockRun(String dataflow, String runId, boolean dryRun, List<String> steps,
        Map<String, Object> vars, Map<String, StepState> stepStates) {

    /** Copies the list and the maps (whose values may be null in {@code vars}, as variables may). */
    public FlowBlockRun {
        Objects.requireNonNull(dataflow, "dataflow");
        Objects.requireNonNull(runId, "runId");
        steps = List.copyOf(steps);
        vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
        stepStates = Map.copyOf(stepStates);
    }
}
