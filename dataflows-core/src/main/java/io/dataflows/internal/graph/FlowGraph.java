package io.dataflows.internal.graph;

import io.dataflows.Dataflow;
import io.dataflows.Problem;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.internal.util.ShortText;
import io.dataflows.spi.StepType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.jgrapht.Graph;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DirectedPseudograph;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The graph of a dataflow: steps, their types, and edges with the output each edge is attached to. Built
 * tolerantly — unknown references and types are recorded, not thrown — so validation can report everything.
 *
 * <p>The steps and edges live in one JGraphT graph ({@link #graph()}); cycles, topological order and reachability
 * are its algorithms. The engine does not walk this graph per record: a run copies each step's targets into
 * arrays once (its emitters), which is the only other place the links are kept.
 */
public final class FlowGraph {

    private static final Pattern POSITION = Pattern.compile("\\d+");

    /**
     * A dependency: {@code to} depends on {@code from}.
     *
     * @param output 1-based output of {@code from} the edge is attached to (switch case, tee branch); 0 for the
     *     single output of an ordinary step
     * @param ref the reference as written in {@code depends_on}
     */
    public record Edge(String from, String to, int output, String ref) {

        // Written out rather than generated: a record's generated equals and hashCode are bound on first use, which
        // costs milliseconds at the start of every command, and the graph hashes its edges from the first one.
        @Override
        public boolean equals(Object o) {
            return o instanceof Edge && output == ((Edge) o).output && Objects.equals(from, ((Edge) o).from)
                    && Objects.equals(to, ((Edge) o).to) && Objects.equals(ref, ((Edge) o).ref);
        }

        @Override
        public int hashCode() {
            return ((Objects.hashCode(from) * 31 + Objects.hashCode(to)) * 31 + output) * 31 + Objects.hashCode(ref);
        }
    }

    private final Dataflow dataflow;
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, Integer> order = new HashMap<>();
    private final Map<String, StepType> types = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    /** Steps and their dependencies; edges are added in definition and depends_on order, which JGraphT keeps. */
    private final Graph<String, Edge> graph = new DirectedPseudograph<>(null, null, false);

    private FlowGraph(Dataflow dataflow, StepRegistry registry) {
        this.dataflow = dataflow;
        int i = 0;
        for (Step s : dataflow.steps()) {
            steps.put(s.alias(), s);
            order.put(s.alias(), i++);
            s.implementation().or(() -> registry.find(s.type())).ifPresent(t -> types.put(s.alias(), t));
            graph.addVertex(s.alias());
        }
        List<Edge> resolved = new ArrayList<>();
        for (Step s : dataflow.steps()) {
            List<Edge> own = new ArrayList<>();
            for (String ref : s.dependsOn()) {
                resolve(s, ref, own);
            }
            resolved.addAll(own);
        }
        assignPerDependantOutputs(resolved);
        for (Edge e : resolved) {
            // A self-dependency is an edge like any other: the cycle check reports it ("Cycle: a → a").
            graph.addEdge(e.from(), e.to(), e);
        }
        checkOutputsFeedOneStep();
    }

    /** Builds the graph of {@code dataflow} with the step types of {@code registry}. */
    public static FlowGraph of(Dataflow dataflow, StepRegistry registry) {
        return new FlowGraph(dataflow, registry);
    }

    private void resolve(Step step, String ref, List<Edge> own) {
        String target = ref;
        String output = null;
        int colon = ref.indexOf(':');
        if (colon >= 0) {
            target = ref.substring(0, colon);
            output = ref.substring(colon + 1);
        }
        Step from = steps.get(target);
        if (from == null) {
            problems.add(Problem.ofStep(step.alias(), "depends_on",
                    "The step dependency \"" + ShortText.of(ref) + "\" does not exist."));
            return;
        }
        int position = 0;
        StepType fromType = types.get(target);
        String shownTarget = ShortText.of(target);
        if (output != null) {
            List<String> labels = fromType == null ? List.of() : fromType.outputLabels(from.config());
            if (POSITION.matcher(output).matches()) {
                // Longer than 9 digits cannot be an output (and would not fit an int): out of range.
                position = output.length() > 9 ? Integer.MAX_VALUE : Integer.parseInt(output);
                String shown = output.length() > 9 ? ShortText.of(output) : String.valueOf(position);
                if (fromType != null && !fromType.outputPerDependant() && labels.isEmpty() && position != 1) {
                    problems.add(Problem.ofStep(step.alias(), "depends_on", "Step '" + shownTarget
                            + "' has a single output; \"" + ShortText.of(ref) + "\" names output #" + shown + "."));
                } else if (!labels.isEmpty() && (position < 1 || position > labels.size())) {
                    problems.add(Problem.ofStep(step.alias(), "depends_on", "The output position of #" + shown
                            + " did not match any existing case of step '" + shownTarget + "' (outputs: "
                            + String.join(", ", labels) + ")."));
                }
                if (fromType != null && labels.isEmpty() && !fromType.outputPerDependant()) {
                    position = 0;
                }
            } else {
                int index = labels.indexOf(output);
                if (fromType != null && index < 0) {
                    problems.add(Problem.ofStep(step.alias(), "depends_on", "Output '" + ShortText.of(output)
                            + "' does not exist on step '" + shownTarget + "'"
                            + (labels.isEmpty() ? " (it has a single output)." : " (outputs: "
                            + String.join(", ", labels) + ").")));
                }
                position = index + 1;
            }
        } else if (fromType != null && !fromType.outputLabels(from.config()).isEmpty()) {
            problems.add(Problem.ofStep(step.alias(), "depends_on", "Step '" + shownTarget
                    + "' has several outputs (" + String.join(", ", fromType.outputLabels(from.config()))
                    + "); depend on one of them, e.g. \"" + shownTarget + ":"
                    + fromType.outputLabels(from.config()).get(0) + "\"."));
        }
        for (Edge e : own) {
            if (e.from().equals(target)) {
                problems.add(Problem.ofStep(step.alias(), "depends_on", "The step depends on '" + shownTarget
                        + "' more than once."));
                return;
            }
        }
        own.add(new Edge(target, step.alias(), position, ref));
    }

    /**
     * Each output of a step with labelled outputs (a switch or case) feeds one step: records are not copied to
     * several dependants of one output, so a second one would silently receive nothing.
     */
    private void checkOutputsFeedOneStep() {
        for (Step step : steps.values()) {
            StepType type = types.get(step.alias());
            List<String> labels = type == null ? List.of() : type.outputLabels(step.config());
            if (labels.isEmpty() || type.outputPerDependant()) {
                continue;
            }
            Map<Integer, Edge> fed = new HashMap<>();
            for (Edge edge : outputs(step.alias())) {
                if (edge.output() < 1 || edge.output() > labels.size()) {
                    continue;
                }
                Edge first = fed.putIfAbsent(edge.output(), edge);
                if (first != null) {
                    problems.add(Problem.ofStep(edge.to(), "depends_on", "Output '" + labels.get(edge.output() - 1)
                            + "' of step '" + ShortText.of(step.alias()) + "' already feeds step '"
                            + ShortText.of(first.to()) + "'; each output feeds one step. To send its records to "
                            + "several steps, make a flow_tee depend on the output and the steps on the tee."));
                }
            }
        }
    }

    /**
     * Tee-like steps: each dependant is its own output, numbered in the dependants' definition order. Done on the
     * resolved edges before they enter the graph, so that edges keep their places.
     */
    private void assignPerDependantOutputs(List<Edge> resolved) {
        for (Map.Entry<String, StepType> e : types.entrySet()) {
            if (!e.getValue().outputPerDependant()) {
                continue;
            }
            List<Integer> outs = new ArrayList<>();
            for (int i = 0; i < resolved.size(); i++) {
                if (resolved.get(i).from().equals(e.getKey())) {
                    outs.add(i);
                }
            }
            outs.sort(Comparator.comparingInt(i -> order.get(resolved.get(i).to())));
            for (int n = 0; n < outs.size(); n++) {
                Edge old = resolved.get(outs.get(n));
                if (old.output() != 0 && old.output() != n + 1) {
                    problems.add(Problem.ofStep(old.to(), "depends_on", "Step '" + old.from()
                            + "' sends every record to each dependant in definition order; \"" + old.ref()
                            + "\" would be output #" + (n + 1) + "."));
                }
                resolved.set(outs.get(n), new Edge(old.from(), old.to(), n + 1, old.ref()));
            }
        }
    }

    public Dataflow dataflow() {
        return dataflow;
    }

    /** Problems found while resolving references. */
    public List<Problem> problems() {
        return Collections.unmodifiableList(problems);
    }

    public List<Step> steps() {
        return List.copyOf(steps.values());
    }

    public Step step(String alias) {
        return steps.get(alias);
    }

    /** Position of the step in definition order. */
    public int indexOf(String alias) {
        return order.get(alias);
    }

    /** The step's type, when registered. */
    public Optional<StepType> type(String alias) {
        return Optional.ofNullable(types.get(alias));
    }

    /** Whether the step handles records; empty when its type is unknown. */
    public Optional<Boolean> isFlow(String alias) {
        StepType t = types.get(alias);
        return t == null ? Optional.empty() : Optional.of(t.kind().isFlow());
    }

    /** The graph itself (unmodifiable): steps' aliases as vertices, dependencies as edges. */
    public Graph<String, Edge> graph() {
        return new AsUnmodifiableGraph<>(graph);
    }

    /** Every edge, in definition and {@code depends_on} order. */
    public List<Edge> edges() {
        return List.copyOf(graph.edgeSet());
    }

    /** Edges into {@code alias}, in the order of its {@code depends_on}. */
    public List<Edge> inputs(String alias) {
        return List.copyOf(graph.incomingEdgesOf(alias));
    }

    /** Edges out of {@code alias}, in no particular order (a view; no copy). */
    public Collection<Edge> outputsUnordered(String alias) {
        return Collections.unmodifiableSet(graph.outgoingEdgesOf(alias));
    }

    /** Edges out of {@code alias}, in the dependants' definition order. */
    public List<Edge> outputs(String alias) {
        List<Edge> outs = new ArrayList<>(graph.outgoingEdgesOf(alias));
        outs.sort(Comparator.comparingInt(e -> order.get(e.to())));
        return outs;
    }

    /**
     * The steps reachable from {@code starts} (included) along dependencies, leaving only the steps that
     * {@code passesOn} accepts: a breadth-first search, linear in steps and edges.
     */
    public Set<String> reachable(Collection<String> starts, Predicate<String> passesOn) {
        // A plain search over the graph's edge sets: a MaskSubgraph checks every edge it hands out against the
        // base graph, which on a 10,000-step flow made validation take minutes.
        Set<String> reached = new HashSet<>(starts);
        ArrayDeque<String> queue = new ArrayDeque<>(starts);
        while (!queue.isEmpty()) {
            String from = queue.poll();
            if (!passesOn.test(from)) {
                continue;
            }
            for (Edge e : graph.outgoingEdgesOf(from)) {
                if (reached.add(e.to())) {
                    queue.add(e.to());
                }
            }
        }
        return reached;
    }

    /** One cycle, as aliases with the first repeated at the end; empty when the graph is acyclic. */
    public Optional<List<String>> cycle() {
        CycleDetector<String, Edge> detector = new CycleDetector<>(graph);
        if (!detector.detectCycles()) {
            return Optional.empty();
        }
        // Walk from a vertex on a cycle, always to a successor that is also on a cycle, until one repeats.
        java.util.Set<String> onCycles = detector.findCycles();
        String start = steps.keySet().stream().filter(onCycles::contains).findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String v = start;
        while (!seen.containsKey(v)) {
            seen.put(v, path.size());
            path.add(v);
            String next = null;
            for (Edge e : outputs(v)) {
                if (onCycles.contains(e.to()) && detector.findCyclesContainingVertex(v).contains(e.to())) {
                    next = e.to();
                    break;
                }
            }
            if (next == null) {
                break;
            }
            v = next;
        }
        List<String> cycle = new ArrayList<>(path.subList(seen.getOrDefault(v, 0), path.size()));
        cycle.add(v);
        return Optional.of(cycle);
    }

    /** Steps in topological order, ties broken by definition order. Only meaningful for an acyclic graph. */
    public List<String> topologicalOrder() {
        List<String> out = new ArrayList<>();
        new TopologicalOrderIterator<>(graph, Comparator.comparingInt(order::get)).forEachRemaining(out::add);
        return out;
    }
}
