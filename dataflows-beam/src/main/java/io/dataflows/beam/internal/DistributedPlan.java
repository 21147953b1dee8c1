package io.dataflows.beam.internal;

import io.dataflows.Dataflow;
import io.dataflows.Problem;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.spi.SplittableReader;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a dataflow's flow blocks are split into Beam stages — readers, runs of flow steps, {@code writer_stream}s —
 * as a graph that follows the records through tees, switches, cases and joins, or the problems that stop it from being
 * translated: a step that cannot run distributed (its type's {@link StepType#distributionBlocker}), or a shape this
 * runner does not translate yet. Connector steps are not part of the plan: they run on the launching machine, in
 * the engine, before and after the flow blocks.
 *
 * <p>A linear run of flow steps (each the only dependant of the one before, with one input) is one stage, so that
 * its steps run together on each batch. A stage ends at a step with several outputs (a tee, a switch, a case) or
 * several dependants, and a stage starts at a step with several inputs (a join), whose inputs Beam merges.
 *
 * @param stages the stages, each after the stages that feed it
 * @param problems why the dataflow cannot be translated; empty when it can
 */
public record DistributedPlan(List<Stage> stages, List<Problem> problems) {

    /** The one writer type the runner writes in shards. */
    public static final String SHARDED_WRITER = "writer_stream";

    /** Copies the lists. */
    public DistributedPlan {
        stages = List.copyOf(stages);
        problems = List.copyOf(problems);
    }

    /** Adds a problem of a shape not translated yet, unless the step already has a problem. */
    private static void shape(List<Problem> problems, Set<String> reported, Problem problem) {
        if (problem.stepAlias() == null || reported.add(problem.stepAlias())) {
            problems.add(problem);
        }
    }

    /**
     * Why a step that keeps step state cannot run distributed, if it cannot: its state is carried between the
     * launcher and the workers ({@link StepStates}) only for a reader that one worker reads whole, because the
     * writes of many workers to one key have no order to store them in.
     */
    private static Optional<String> stateBlocker(StepType type, Step step) {
        Set<String> keys = type.stateKeys(step.config());
        if (keys.isEmpty() || (type.kind() == StepKind.READER && !(type instanceof SplittableReader))) {
            return Optional.empty();
        }
        return Optional.of("it keeps step state (" + String.join(", ", new TreeSet<>(keys)) + "), which is carried"
                + " between runs only for a reader that one worker reads whole");
    }

    /** Plans {@code flow}, whose types are in {@code registry}. */
    public static DistributedPlan of(Dataflow flow, StepRegistry registry, int shards) {
        List<Problem> problems = new ArrayList<>();
        // One problem per step: a step that cannot run distributed gets that one, its shape does not matter then.
        Set<String> blocked = new HashSet<>();
        Map<String, StepType> types = new LinkedHashMap<>();
        for (Step step : flow.steps()) {
            Optional<StepType> type = registry.typeOf(step);
            if (type.isEmpty()) {
                problems.add(new Problem(step.alias(), null, "Unknown step type '" + step.typeId() + "'."));
                continue;
            }
            types.put(step.alias(), type.get());
            if (type.get().kind() == StepKind.CONNECTOR) {
                continue; // runs on the launching machine, before or after the flow block
            }
            Optional<String> blocker = type.get().distributionBlocker(step.config()).or(() -> stateBlocker(type.get(),
                    step));
            blocker.ifPresent(reason -> {
                blocked.add(step.alias());
                problems.add(new Problem(step.alias(), null, "Cannot run distributed: " + reason + "."));
            });
        }
        // The records' links: between readers, flow steps and writers, in the dependants' definition order.
        Map<String, List<String[]>> dependants = new HashMap<>();
        Map<String, List<String>> inputs = new HashMap<>();
        List<String> readers = new ArrayList<>();
        for (Step step : flow.steps()) {
            StepType type = types.get(step.alias());
            if (type == null) {
                continue;
            }
            if (type.kind() == StepKind.CONNECTOR) {
                continue;
            }
            if (type.kind() == StepKind.READER) {
                readers.add(step.alias());
            }
            for (String ref : step.dependsOn()) {
                int colon = ref.indexOf(':');
                String from = colon < 0 ? ref : ref.substring(0, colon);
                StepType fromType = types.get(from);
                if (fromType != null && fromType.kind() != StepKind.CONNECTOR) {
                    dependants.computeIfAbsent(from, k -> new ArrayList<>()).add(new String[] {step.alias(), ref});
                    inputs.computeIfAbsent(step.alias(), k -> new ArrayList<>()).add(from);
                }
            }
        }
        if (readers.isEmpty()) {
            problems.add(Problem.ofDataflow("A dataflow translated to Beam needs a reader; it has none."));
        }
        for (Map.Entry<String, StepType> e : types.entrySet()) {
            if (e.getValue().kind() != StepKind.WRITER) {
                continue;
            }
            Step step = flow.step(e.getKey()).orElseThrow();
            if (!SHARDED_WRITER.equals(step.typeId())) {
                shape(problems, blocked, new Problem(step.alias(), null, "Only writer_stream is translated to Beam"
                        + " yet."));
            } else if (!dependants.getOrDefault(step.alias(), List.of()).isEmpty()) {
                shape(problems, blocked, new Problem(step.alias(), null, "A writer must be the last step of its"
                        + " branch when the flow is translated to Beam."));
            } else if (shards > 1 && !(step.config().get("streamname") instanceof String)) {
                shape(problems, blocked, new Problem(step.alias(), "streamname", "A sharded writer_stream needs a"
                        + " file name."));
            }
        }
        return new DistributedPlan(stages(flow, types, dependants, inputs), problems);
    }

    /** The stages in an order where each comes after those feeding it; steps in a cycle are left out. */
    private static List<Stage> stages(Dataflow flow, Map<String, StepType> types,
            Map<String, List<String[]>> dependants, Map<String, List<String>> inputs) {
        List<String> order = topologicalOrder(types, dependants, inputs);
        Set<String> placed = new HashSet<>();
        List<Stage> stages = new ArrayList<>();
        for (String alias : order) {
            if (placed.contains(alias)) {
                continue;
            }
            StepType type = types.get(alias);
            Stage.Kind kind = type.kind() == StepKind.READER ? Stage.Kind.READER
                    : type.kind() == StepKind.WRITER ? Stage.Kind.WRITER : Stage.Kind.STEPS;
            List<String> run = new ArrayList<>(List.of(alias));
            String last = alias;
            while (kind == Stage.Kind.STEPS && singleOutput(types.get(last), flow.step(last).orElseThrow())) {
                List<String[]> next = dependants.getOrDefault(last, List.of());
                if (next.size() != 1) {
                    break;
                }
                String dependant = next.get(0)[0];
                if (types.get(dependant).kind() != StepKind.FLOW
                        || inputs.getOrDefault(dependant, List.of()).size() != 1 || placed.contains(dependant)
                        || run.contains(dependant)) {
                    break;
                }
                run.add(dependant);
                last = dependant;
            }
            placed.addAll(run);
            stages.add(new Stage(kind, run, inputs.getOrDefault(alias, List.of()),
                    outputs(types.get(last), dependants.getOrDefault(last, List.of()))));
        }
        return stages;
    }

    private static boolean singleOutput(StepType type, Step step) {
        return !type.outputPerDependant() && type.outputLabels(step.config()).isEmpty();
    }

    /**
     * The outputs of a stage ending at a step of {@code type}: the dependants of a tee share one port, since each
     * gets every record; every other dependant has a port of its own (a switch feeds each from one of its cases).
     */
    private static List<StageOutput> outputs(StepType type, List<String[]> dependants) {
        List<StageOutput> outputs = new ArrayList<>();
        for (String[] d : dependants) {
            outputs.add(new StageOutput(d[0], d[1], type.outputPerDependant() ? 0 : outputs.size()));
        }
        return outputs;
    }

    /** The steps in definition order as far as their inputs allow (Kahn's algorithm). */
    private static List<String> topologicalOrder(Map<String, StepType> types, Map<String, List<String[]>> dependants,
            Map<String, List<String>> inputs) {
        Map<String, Integer> waiting = new HashMap<>();
        List<String> candidates = new ArrayList<>();
        for (Map.Entry<String, StepType> e : types.entrySet()) {
            if (e.getValue().kind() != StepKind.CONNECTOR) {
                waiting.put(e.getKey(), inputs.getOrDefault(e.getKey(), List.of()).size());
                candidates.add(e.getKey());
            }
        }
        List<String> order = new ArrayList<>();
        boolean progress = true;
        while (progress) {
            progress = false;
            for (String alias : candidates) {
                if (waiting.get(alias) == 0) {
                    waiting.put(alias, -1);
                    order.add(alias);
                    for (String[] d : dependants.getOrDefault(alias, List.of())) {
                        waiting.merge(d[0], -1, Integer::sum);
                    }
                    progress = true;
                    break;
                }
            }
        }
        return order;
    }
}
