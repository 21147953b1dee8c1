package io.dataflows.beam.internal;

import io.dataflows.EngineSetup;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every worker needs to run steps of the dataflow, shipped with each DoFn: the definition as JSON (as
 * {@code Definitions.toJson} writes it), the run's options that steps see, and the engine settings a worker
 * rebuilds its engine with. Step types are looked up in the registry the worker discovers on its class path.
 *
 * @param definitionJson the dataflow
 * @param runId the id of the distributed run, the same on every worker
 * @param dryRun whether effects are skipped
 * @param vars the run's variables ({@code RunOptions.vars()}), JSON-like
 * @param baseDir the directory relative paths resolve against, or null for the worker's working directory
 * @param permittedDirectories directories absolute paths may lead into
 * @param setup what the application configures on every worker's engine, after the settings above
 * @param stepState per step alias, the stored values of the step state keys it declares
 *     ({@code StepType.stateKeys}), which its worker's state store starts with
 */
public record WorkerSpec(String definitionJson, String runId, boolean dryRun, Map<String, Object> vars,
        @Nullable String baseDir, List<String> permittedDirectories, EngineSetup setup,
        Map<String, Map<String, Object>> stepState) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Copies the collections, which must hold only serializable, JSON-like values. */
    public WorkerSpec {
        vars = new java.util.LinkedHashMap<>(vars);
        permittedDirectories = new java.util.ArrayList<>(permittedDirectories);
        Map<String, Map<String, Object>> state = new java.util.LinkedHashMap<>();
        stepState.forEach((alias, values) -> state.put(alias, new java.util.LinkedHashMap<>(values)));
        stepState = state;
    }
}
