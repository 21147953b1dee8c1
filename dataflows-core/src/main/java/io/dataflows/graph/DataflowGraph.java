package io.dataflows.graph;

import com.google.common.collect.ImmutableList;
import io.dataflows.Dataflow;
import io.dataflows.Problem;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.spi.StepType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of a dataflow as a graph: its steps with their types, and the links between them with the output
 * each link is attached to. For tools that draw or analyse dataflows (the DOT exporter uses it).
 *
 * <p>Built tolerantly: references that do not resolve are left out and listed in {@link #problems()}; steps whose
 * type is unknown have no {@link Node#type()}. Immutable.
 */
public final class DataflowGraph {

    /** A step and its type, if the registry knows it. */
    public record Node(Step step, Optional<StepType> type) {

        public String alias() {
            return step.alias();
        }

        /** True when the type is known and handles records (reader, flow step, writer). */
        public boolean isFlow() {
            return type.map(t -> t.kind().isFlow()).orElse(false);
        }
    }

    /**
     * A link: {@code to} depends on {@code from}.
     *
     * @param output 1-based output of {@code from} the link is attached to, 0 for an ordinary single output
     * @param outputLabel the label of that output (a switch case), or null
     * @param flow true when both ends handle records (records stream along the link)
     */
    public record Link(String from, String to, int output, @Nullable String outputLabel, boolean flow) {}

    private final Dataflow dataflow;
    private final List<Node> nodes;
    private final java.util.Map<String, Node> byAlias = new java.util.HashMap<>();
    private final List<Link> links;
    private final List<Problem> problems;
    private final FlowGraph graph;

    private DataflowGraph(Dataflow dataflow, FlowGraph graph) {
        this.dataflow = dataflow;
        this.graph = graph;
        List<Node> n = new ArrayList<>();
        for (Step s : dataflow.steps()) {
            n.add(new Node(s, graph.type(s.alias())));
        }
        this.nodes = ImmutableList.copyOf(n);
        n.forEach(node -> byAlias.put(node.alias(), node));
        List<Link> l = new ArrayList<>();
        for (FlowGraph.Edge e : graph.edges()) {
            l.add(link(e));
        }
        this.links = ImmutableList.copyOf(l);
        this.problems = ImmutableList.copyOf(graph.problems());
    }

    private Link link(FlowGraph.Edge e) {
        String label = null;
        StepType fromType = graph.type(e.from()).orElse(null);
        if (fromType != null && e.output() > 0) {
            List<String> labels = fromType.outputLabels(graph.step(e.from()).config());
            label = e.output() <= labels.size() ? labels.get(e.output() - 1) : String.valueOf(e.output());
        }
        boolean flow = graph.isFlow(e.from()).orElse(false) && graph.isFlow(e.to()).orElse(false);
        return new Link(e.from(), e.to(), e.output(), label, flow);
    }

    /** The graph of {@code dataflow} with the types of {@code registry}. */
    public static DataflowGraph of(Dataflow dataflow, StepRegistry registry) {
        return new DataflowGraph(dataflow, FlowGraph.of(dataflow, registry));
    }

    public Dataflow dataflow() {
        return dataflow;
    }

    /** The steps in definition order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The node of {@code alias}. */
    public Optional<Node> node(String alias) {
        return Optional.ofNullable(byAlias.get(alias));
    }

    /** All links, in the order of the dependants' {@code depends_on}. */
    public List<Link> links() {
        return links;
    }

    /** Links into {@code alias}. */
    public List<Link> inputs(String alias) {
        List<Link> out = new ArrayList<>();
        graph.inputs(alias).forEach(e -> out.add(link(e)));
        return out;
    }

    /** Links out of {@code alias}, in the dependants' definition order. */
    public List<Link> outputs(String alias) {
        List<Link> out = new ArrayList<>();
        graph.outputs(alias).forEach(e -> out.add(link(e)));
        return out;
    }

    /** A cycle, as aliases with the first repeated at the end; empty for a DAG. */
    public Optional<List<String>> cycle() {
        return graph.cycle();
    }

    /** Steps in topological order (ties in definition order); meaningful only without a cycle. */
    public List<String> topologicalOrder() {
        return graph.topologicalOrder();
    }

    /** References that could not be resolved. */
    public List<Problem> problems() {
        return problems;
    }
}
