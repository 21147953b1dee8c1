package io.dataflows.beam.internal;

import io.dataflows.Dataflow;
import io.dataflows.Problem;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a dataflow is split into Beam stages — a reader, the chain of flow steps after it, a final writer — or the
 * problems that stop it from being translated: a step that cannot run distributed (its type's
 * {@link StepType#distributionBlocker}), or a shape this runner does not translate yet.
 *
 * @param reader the reader's alias
 * @param flowSteps the flow steps after the reader, each fed by the one before
 * @param writer the writer_stream at the end, or null when the chain ends without one
 * @param problems why the dataflow cannot be translated; empty when it can
 */
public record DistributedPlan(String reader, List<String> flowSteps, @Nullable String writer,
        List<Problem> problems) {

    /** The one writer type the runner writes in shards. */
    public static final String SHARDED_WRITER = "writer_stream";

    /** Adds a problem of a shape not translated yet, unless the step already has a problem. */
    private static void shape(List<Problem> problems, Set<String> reported, Problem problem) {
        if (problem.stepAlias() == null || reported.add(problem.stepAlias())) {
            problems.add(problem);
        }
    }

    /** Plans {@code flow}, whose types are in {@code registry}. */
    public static DistributedPlan of(Dataflow flow, StepRegistry registry, int shards) {
        List<Problem> problems = new ArrayList<>();
        // One problem per step: a step that cannot run distributed gets that one, its shape does not matter then.
        Set<String> blocked = new HashSet<>();
        Map<String, StepType> types = new HashMap<>();
        for (Step step : flow.steps()) {
            Optional<StepType> type = step.implementation().or(() -> registry.find(step.typeId()));
            if (type.isEmpty()) {
                problems.add(new Problem(step.alias(), null, "Unknown step type '" + step.typeId() + "'."));
                continue;
            }
            types.put(step.alias(), type.get());
            type.get().distributionBlocker(step.config()).ifPresent(reason -> {
                blocked.add(step.alias());
                problems.add(new Problem(step.alias(), null, "Cannot run distributed: " + reason + "."));
            });
        }
        List<String> readers = new ArrayList<>();
        Map<String, List<String>> dependants = new HashMap<>();
        for (Step step : flow.steps()) {
            StepType type = types.get(step.alias());
            if (type == null) {
                continue;
            }
            if (type.kind() == StepKind.CONNECTOR) {
                shape(problems, blocked, new Problem(step.alias(), null, "Connector steps are not translated to Beam yet:"
                        + " only a reader, flow steps and a writer_stream."));
            } else if (type.kind() == StepKind.READER) {
                readers.add(step.alias());
            }
            if (!type.outputLabels(step.config()).isEmpty() || type.outputPerDependant()) {
                shape(problems, blocked, new Problem(step.alias(), null, "Steps with several outputs are not translated to"
                        + " Beam yet: the flow must be one chain of steps."));
            }
            // The chain follows the records: a connector after the writer is not part of it.
            for (String ref : type.kind() == StepKind.CONNECTOR ? List.<String>of() : step.dependsOn()) {
                int colon = ref.indexOf(':');
                dependants.computeIfAbsent(colon < 0 ? ref : ref.substring(0, colon), k -> new ArrayList<>())
                        .add(step.alias());
            }
            if (step.dependsOn().size() > 1) {
                shape(problems, blocked, new Problem(step.alias(), null, "Steps with several inputs are not translated to Beam"
                        + " yet: the flow must be one chain of steps."));
            }
        }
        if (readers.size() != 1) {
            problems.add(Problem.ofDataflow("A dataflow translated to Beam needs exactly one reader; it has "
                    + readers.size() + "."));
            return new DistributedPlan("", List.of(), null, problems);
        }
        List<String> chain = new ArrayList<>();
        String current = readers.get(0);
        while (true) {
            List<String> next = dependants.getOrDefault(current, List.of());
            if (next.size() > 1) {
                shape(problems, blocked, new Problem(current, null, "Steps feeding several steps are not translated to Beam"
                        + " yet: the flow must be one chain of steps."));
            }
            if (next.size() != 1 || chain.contains(next.get(0))) {
                break;
            }
            current = next.get(0);
            chain.add(current);
        }
        String writer = null;
        if (!chain.isEmpty() && types.get(chain.get(chain.size() - 1)) != null
                && types.get(chain.get(chain.size() - 1)).kind() == StepKind.WRITER) {
            writer = chain.remove(chain.size() - 1);
            Step step = flow.step(writer).orElseThrow();
            if (!SHARDED_WRITER.equals(step.typeId())) {
                shape(problems, blocked, new Problem(writer, null, "Only writer_stream is translated to Beam yet."));
            } else if (shards > 1 && !(step.config().get("streamname") instanceof String)) {
                shape(problems, blocked, new Problem(writer, "streamname", "A sharded writer_stream needs a file name."));
            }
        }
        for (String alias : chain) {
            StepType type = types.get(alias);
            if (type != null && type.kind() == StepKind.WRITER) {
                shape(problems, blocked, new Problem(alias, null, "Only the last step may be a writer when the flow is"
                        + " translated to Beam."));
            }
        }
        return new DistributedPlan(readers.get(0), chain, writer, problems);
    }
}
