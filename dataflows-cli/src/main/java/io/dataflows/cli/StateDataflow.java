package io.dataflows.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.Definitions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataflow a run state file was written for, rebuilt from what it holds of the definition: the name under
 * {@code dataflow} and, for each step, {@code variables.steps.ALIAS.type}, {@code name}, {@code description},
 * {@code depends_on} and {@code config} (secret values already {@code *****}). That is all a drawing needs: the
 * steps, their types and the links between them. Vars and expressions are not evaluated, and the flow is not
 * validated — it is drawn, never run.
 */
final class StateDataflow {

    private static final List<String> STEP_KEYS = List.of("name", "description", "depends_on", "config");

    private StateDataflow() {
    }

    /**
     * The dataflow of {@code document}.
     *
     * @throws IllegalArgumentException when the document does not hold the steps and their types, or they do not
     *     make a dataflow (the message says why, for a note in place of the picture)
     */
    static Dataflow of(Map<String, Object> document) {
        Object steps = document.get("variables") instanceof Map<?, ?> variables ? variables.get("steps") : null;
        if (!(steps instanceof Map<?, ?> stepMap) || stepMap.isEmpty()) {
            throw new IllegalArgumentException("the state file does not hold the flow's steps (variables.steps)");
        }
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", document.get("dataflow") instanceof String name && !name.isBlank() ? name : "dataflow");
        Map<String, Object> defined = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : stepMap.entrySet()) {
            if (!(e.getValue() instanceof Map<?, ?> step) || !(step.get("type") instanceof String)) {
                throw new IllegalArgumentException("the state file does not hold the type of step '" + e.getKey()
                        + "' (variables.steps." + e.getKey() + ".type)");
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            copy.put("type", step.get("type"));
            for (String key : STEP_KEYS) {
                if (step.get(key) != null) {
                    copy.put(key, step.get(key));
                }
            }
            defined.put(String.valueOf(e.getKey()), copy);
        }
        definition.put("steps", defined);
        try {
            return Definitions.readJson(JsonMapper.builder().build().writeValueAsString(definition), "run state",
                    RunStateFile.MAX_BYTES);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the flow's steps in the state file cannot be written as JSON", e);
        } catch (DataflowDefinitionException e) {
            // Without the line and column: they point into a definition made here, not into the state file.
            throw new IllegalArgumentException("the flow's steps in the state file do not make a dataflow: "
                    + e.stepAlias().map(alias -> "step '" + alias + "': ").orElse("") + e.getOriginalMessage(), e);
        }
    }
}
