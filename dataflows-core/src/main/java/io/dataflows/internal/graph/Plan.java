package io.dataflows.internal.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * The order in which a run executes: units that are either one connector or one stream (a connected block of flow
 * steps, from its readers to its last steps), sorted so every unit comes after the units it depends on, ties
 * broken by definition order. Results therefore never depend on hash order.
 */
public final class Plan {

    /** One connector, or one stream. */
    public static final class Unit {
        private final boolean stream;
        private final List<String> steps;
        private final List<String> readers;
        private final int rank;

        Unit(boolean stream, List<String> steps, List<String> readers, int rank) {
            this.stream = stream;
            this.steps = steps;
            this.readers = readers;
            this.rank = rank;
        }

        /** True for a stream of flow steps, false for a connector. */
        public boolean isStream() {
            return stream;
        }

        /** The steps, in topological order. */
        public List<String> steps() {
            return steps;
        }

        /** The readers of a stream, in definition order. */
        public List<String> readers() {
            return readers;
        }

        int rank() {
            return rank;
        }

        @Override
        public String toString() {
            return (stream ? "stream" : "connector") + steps;
        }
    }

    private final List<Unit> units;
    private final Map<String, Unit> unitOf;
    private final String selfWait;

    private Plan(List<Unit> units, Map<String, Unit> unitOf, String selfWait) {
        this.units = units;
        this.unitOf = unitOf;
        this.selfWait = selfWait;
    }

    /**
     * Plans an acyclic graph whose step types are all known. The streams are found with a union-find over the edges
     * between flow steps and the units ordered with a priority queue, rather than with JGraphT: its connectivity
     * inspector over a masked subgraph (the flow-to-flow edges) made validating a 10,000-step flow take minutes,
     * and these two passes are linear.
     */
    public static Plan of(FlowGraph graph) {
        List<String> topo = graph.topologicalOrder();
        Map<String, String> parent = new HashMap<>();
        for (String s : topo) {
            parent.put(s, s);
        }
        for (FlowGraph.Edge e : graph.edges()) {
            if (graph.isFlow(e.from()).orElse(false) && graph.isFlow(e.to()).orElse(false)) {
                union(parent, e.from(), e.to());
            }
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (String s : topo) {
            members.computeIfAbsent(find(parent, s), k -> new ArrayList<>()).add(s);
        }
        Map<String, Unit> unitOf = new HashMap<>();
        List<Unit> all = new ArrayList<>();
        for (List<String> group : members.values()) {
            boolean stream = graph.isFlow(group.get(0)).orElse(false);
            List<String> readers = new ArrayList<>();
            int rank = Integer.MAX_VALUE;
            for (String s : group) {
                rank = Math.min(rank, graph.indexOf(s));
                if (stream && graph.type(s).map(t -> t.kind() == io.dataflows.spi.StepKind.READER).orElse(false)) {
                    readers.add(s);
                }
            }
            readers.sort((a, b) -> Integer.compare(graph.indexOf(a), graph.indexOf(b)));
            Unit u = new Unit(stream, Collections.unmodifiableList(group), Collections.unmodifiableList(readers),
                    rank);
            all.add(u);
            for (String s : group) {
                unitOf.put(s, u);
            }
        }
        Map<Unit, Set<Unit>> after = new HashMap<>();
        Map<Unit, Integer> indegree = new HashMap<>();
        for (Unit u : all) {
            after.put(u, new LinkedHashSet<>());
            indegree.put(u, 0);
        }
        for (FlowGraph.Edge e : graph.edges()) {
            Unit from = unitOf.get(e.from());
            Unit to = unitOf.get(e.to());
            if (from != to && after.get(from).add(to)) {
                indegree.merge(to, 1, Integer::sum);
            }
        }
        PriorityQueue<Unit> ready = new PriorityQueue<>((a, b) -> Integer.compare(a.rank(), b.rank()));
        for (Unit u : all) {
            if (indegree.get(u) == 0) {
                ready.add(u);
            }
        }
        List<Unit> ordered = new ArrayList<>();
        while (!ready.isEmpty()) {
            Unit u = ready.poll();
            ordered.add(u);
            for (Unit next : after.get(u)) {
                if (indegree.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        String selfWait = null;
        if (ordered.size() < all.size()) {
            for (Unit u : all) {
                if (!ordered.contains(u) && !u.isStream()) {
                    selfWait = u.steps().get(0);
                    break;
                }
            }
            if (selfWait == null) {
                selfWait = "?";
            }
        }
        return new Plan(Collections.unmodifiableList(ordered), unitOf, selfWait);
    }

    /**
     * A connector a stream waits for while the connector waits for the same stream, which can never run; null when
     * there is none.
     */
    public String selfWaitingConnector() {
        return selfWait;
    }

    /** Units in execution order. */
    public List<Unit> units() {
        return units;
    }

    public Unit unitOf(String alias) {
        return unitOf.get(alias);
    }

    private static String find(Map<String, String> parent, String s) {
        String p = parent.get(s);
        while (!p.equals(parent.get(p))) {
            p = parent.get(p);
        }
        parent.put(s, p);
        return p;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }
}
