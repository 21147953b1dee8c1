package io.dataflows.beam.internal;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates each stage of a plan as the dataflow its workers run ({@link Worker#stageFlow}), before the pipeline
 * starts. A stage's steps see only the steps of their own stage: an expression that reads the variables of a step
 * in another stage ({@code steps.read.name} in a step after the reader) is valid in the whole dataflow but fails on
 * the workers, so it is refused here, naming the step, instead of failing the pipeline after it started.
 */
public final class StageValidation {

    private StageValidation() {}

    /**
     * The errors of the stages of {@code plan} as problems of their steps; empty when every stage is valid.
     *
     * @param flow the dataflow, valid as a whole
     * @param plan its plan, without problems
     */
    public static List<Problem> problems(Dataflow flow, DistributedPlan plan, DataflowEngine engine,
            RunOptions options) {
        List<Problem> problems = new ArrayList<>();
        RunOptions stageOptions = withVariablesSetBySteps(flow, options);
        for (Stage stage : plan.stages()) {
            // What the DoFns run: a reader with its one output, flow steps with their outputs, a writer alone.
            List<StageOutput> outputs = switch (stage.kind()) {
                case READER -> List.of(new StageOutput(BundleOutputStep.ID, stage.last(), 0));
                case STEPS -> stage.outputs();
                case WRITER -> List.of();
            };
            Dataflow stageFlow = Worker.stageFlow(flow, engine.registry(), stage.aliases(),
                    stage.kind() != Stage.Kind.READER, Map.of(), Map.of(), outputs);
            for (Problem p : engine.validate(stageFlow, stageOptions).errors()) {
                if (p.stepAlias() != null && stage.aliases().contains(p.stepAlias())) {
                    problems.add(new Problem(p.stepAlias(), p.field(), "Cannot run distributed: " + p.message()
                            + " On Beam, a step sees the variables of the steps of its own stage only: "
                            + String.join(", ", stage.aliases()) + "."));
                }
            }
        }
        return problems;
    }

    /**
     * {@code options} with a placeholder for each variable the dataflow's steps may set besides its {@code vars}
     * ({@link Dataflow#variablesSetBySteps}). The connectors that set them run on the launching machine before the
     * block, and the workers get the variables as they left them; a stage validated without its connectors would
     * otherwise report such a variable as unknown.
     */
    private static RunOptions withVariablesSetBySteps(Dataflow flow, RunOptions options) {
        Map<String, Object> vars = new LinkedHashMap<>();
        flow.variablesSetBySteps().orElse(Set.of()).forEach(name -> vars.put(name, ""));
        options.vars().keySet().forEach(vars::remove);
        vars.keySet().removeAll(flow.vars().keySet());
        return vars.isEmpty() ? options : options.toBuilder().vars(vars).build();
    }
}
