package io.dataflows.cli;

import io.dataflows.Effect;
import io.dataflows.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The document {@code dataflows run --state-out} writes and {@code dataflows dot --state} and {@code dataflows report}
 * read: who ran and how it ended first, then where it failed, what each step did, what a dry run skipped, and last
 * the whole variable tree. Every key is always present, null when it does not apply, so a reader never has to tell a
 * missing key from an empty value. The keys are described in docs/semantics.md ("Run state file").
 */
final class RunStateDocument {

    private RunStateDocument() {
    }

    /** The document of {@code result}, keys in the order they are written. */
    static Map<String, Object> of(RunResult result) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("id", result.runId());
        run.put("name", result.runName());
        run.put("dryrun", result.isDryRun());
        Map<String, Object> summary = result.summary();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("dataflow", result.dataflowName());
        state.put("run", run);
        state.put("status", result.status().label());
        state.put("error", result.error().or(result::cancelReason).orElse(null));
        state.put("failedstep", summary.get("failedstep"));
        state.put("failedrecord", summary.get("failedrecord"));
        state.put("steps", summary.get("steps"));
        state.put("effects", effects(result));
        state.put("variables", result.variables());
        return state;
    }

    /** The effects a dry run skipped, in order; empty for a real run. */
    private static List<Map<String, Object>> effects(RunResult result) {
        List<Map<String, Object>> effects = new ArrayList<>();
        for (Effect e : result.effects()) {
            Map<String, Object> effect = new LinkedHashMap<>();
            effect.put("step", e.stepAlias());
            effect.put("kind", e.kind().name().toLowerCase(Locale.ROOT));
            effect.put("target", e.target().orElse(null));
            effect.put("description", "would " + e.detail());
            effects.add(effect);
        }
        return effects;
    }
}
