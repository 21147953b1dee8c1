package io.dataflows.internal.validate;

import io.dataflows.Dataflow;
import io.dataflows.ExpressionException;
import io.dataflows.Problem;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.expr.VariableReference;
import io.dataflows.internal.util.ShortText;
import io.dataflows.internal.vars.SecretText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What validation can tell about {@code dataflow.vars} before a run: a reference to a variable nobody defines
 * (a typo, or a variable removed from {@code vars}), and dataflow variables whose values refer to each other in a
 * cycle. Both would otherwise fail only when the run gets there.
 *
 * <p>A variable exists when the definition's {@code vars} has it, the run's options set it, or a step may write
 * it: any step config that is a static path under {@code dataflow.vars} (the {@code field} of set-variable steps;
 * with {@code field: dataflow.vars}, the keys of the step's map configs). A step config that computes such a path,
 * or writes {@code dataflow} whole, turns the unknown-variable check off. References that tolerate a missing
 * value ({@code isset()}, {@code ??}, {@code ?.}) are never reported, nor those through computed indexes.
 */
final class DataflowVarsCheck {

    private static final String PREFIX = "dataflow.vars";

    private final Map<String, Object> vars;
    private final Set<String> runVars;
    private final Set<String> alsoDefined = new HashSet<>();
    private final boolean anyMayExist;

    DataflowVarsCheck(Dataflow flow, Set<String> runVars) {
        this.vars = flow.vars();
        this.runVars = runVars;
        alsoDefined.addAll(runVars);
        Optional<Set<String>> written = VariableWrites.of(flow.steps());
        written.ifPresent(alsoDefined::addAll);
        this.anyMayExist = written.isEmpty();
    }

    /**
     * The path under {@code dataflow.vars} a reference reads, or null when it reads something else;
     * {@code dataflowScope} for expressions in the dataflow's own vars, where {@code vars.x} means
     * {@code dataflow.vars.x}.
     */
    static List<String> dataflowVarPath(VariableReference ref, boolean dataflowScope) {
        List<String> path = ref.path();
        if (path.size() >= 3 && path.get(0).equals("dataflow") && path.get(1).equals("vars")) {
            return path.subList(2, path.size());
        }
        if (dataflowScope && path.size() >= 2 && path.get(0).equals("vars")) {
            return path.subList(1, path.size());
        }
        return null;
    }

    /**
     * The problem of an unguarded reference to a variable that does not exist, or null; for a {@code secret}
     * expression it names the variable but not the text, which may hold the secret.
     */
    String unknownVariable(CompiledExpression expression, VariableReference ref, boolean dataflowScope,
            String where, boolean secret) {
        List<String> path = dataflowVarPath(ref, dataflowScope);
        if (path == null || ref.guarded() || anyMayExist || alsoDefined.contains(path.get(0))) {
            return null;
        }
        Object node = vars;
        for (int i = 0; i < path.size(); i++) {
            if (!(node instanceof Map)) {
                return null; // a value whose inside is known only when it is evaluated
            }
            Map<?, ?> map = (Map<?, ?>) node;
            if (!map.containsKey(path.get(i))) {
                String missing = PREFIX + "." + String.join(".", path.subList(0, i + 1));
                StringBuilder sb = new StringBuilder("Unknown variable '").append(ShortText.of(missing));
                if (secret) {
                    sb.append("' in the expression of ").append(where).append(' ').append(SecretText.NOT_SHOWN)
                            .append('.');
                } else {
                    sb.append("' in expression '").append(ShortText.of(expression.source())).append("' (")
                            .append(where).append(").");
                }
                String suggestion = Suggestions.closest(path.get(i), map.keySet());
                if (suggestion != null) {
                    sb.append(" Did you mean '").append(PREFIX).append('.')
                            .append(String.join(".", path.subList(0, i))).append(i > 0 ? "." : "")
                            .append(suggestion).append("'?");
                } else {
                    sb.append(" Define it under 'vars', or test it with isset() or ??.");
                }
                return sb.toString();
            }
            node = map.get(path.get(i));
        }
        return null;
    }

    /** Cycles between the dataflow's variables, one problem per cycle. */
    List<Problem> cycles(ExpressionEngine expressions) {
        Map<String, List<String>> leaves = new LinkedHashMap<>();
        Map<String, List<List<String>>> references = new HashMap<>();
        collectLeaves(vars, new ArrayList<>(), leaves, references, expressions);
        // Only leaves under the same top-level variable can overlap a reference: compare within those.
        Map<String, List<String>> leavesByTop = new HashMap<>();
        leaves.forEach((key, path) -> leavesByTop.computeIfAbsent(path.get(0), k -> new ArrayList<>()).add(key));
        Map<String, List<String>> edges = new LinkedHashMap<>();
        for (String leaf : leaves.keySet()) {
            Set<String> targets = new java.util.LinkedHashSet<>();
            for (List<String> ref : references.get(leaf)) {
                for (String other : leavesByTop.getOrDefault(ref.get(0), List.of())) {
                    if (overlaps(ref, leaves.get(other))) {
                        targets.add(other);
                    }
                }
            }
            edges.put(leaf, new ArrayList<>(targets));
        }
        return findCycles(edges);
    }

    /**
     * Depth-first search without recursion (a chain of a hundred thousand variables must not overflow the stack);
     * a reference back to a variable on the current path closes a cycle.
     */
    private static List<Problem> findCycles(Map<String, List<String>> edges) {
        List<Problem> problems = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<Set<String>> reported = new HashSet<>();
        for (String start : edges.keySet()) {
            if (done.contains(start)) {
                continue;
            }
            List<String> path = new ArrayList<>();
            List<Integer> nextEdge = new ArrayList<>();
            Map<String, Integer> onPath = new HashMap<>();
            path.add(start);
            nextEdge.add(0);
            onPath.put(start, 0);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                String leaf = path.get(top);
                List<String> targets = edges.get(leaf);
                int i = nextEdge.get(top);
                if (i == targets.size()) {
                    path.remove(top);
                    nextEdge.remove(top);
                    onPath.remove(leaf);
                    done.add(leaf);
                    continue;
                }
                nextEdge.set(top, i + 1);
                String next = targets.get(i);
                Integer at = onPath.get(next);
                if (at != null) {
                    List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
                    if (reported.add(new HashSet<>(cycle))) {
                        cycle.add(next);
                        List<String> paths = new ArrayList<>();
                        cycle.forEach(c -> paths.add(PREFIX + "." + c));
                        problems.add(Problem.ofDataflow("vars." + cycle.get(0),
                                "Reference cycle between variables: " + CycleText.of(paths, "variables") + "."));
                    }
                } else if (!done.contains(next)) {
                    onPath.put(next, path.size());
                    path.add(next);
                    nextEdge.add(0);
                }
            }
        }
        return problems;
    }

    private void collectLeaves(Map<String, Object> map, List<String> at, Map<String, List<String>> leaves,
            Map<String, List<List<String>>> references, ExpressionEngine expressions) {
        for (Map.Entry<String, Object> e : map.entrySet()) {
            List<String> path = new ArrayList<>(at);
            path.add(e.getKey());
            if (at.isEmpty() && runVars.contains(e.getKey())) {
                continue; // the run replaces it before it is evaluated
            }
            if (e.getValue() instanceof Map) {
                collectLeaves(asMap(e.getValue()), path, leaves, references, expressions);
            } else if (e.getValue() instanceof String && ExpressionEngine.hasExpression((String) e.getValue())) {
                String key = String.join(".", path);
                leaves.put(key, path);
                List<List<String>> refs = new ArrayList<>();
                try {
                    for (CompiledExpression c : expressions.template((String) e.getValue()).expressions()) {
                        for (VariableReference r : c.variableReferences()) {
                            List<String> p = dataflowVarPath(r, true);
                            if (p != null) {
                                refs.add(p);
                            }
                        }
                    }
                } catch (ExpressionException ignored) {
                    // reported where the dataflow's vars are compiled
                }
                references.put(key, refs);
            }
        }
    }

    /**
     * True when one path lies inside the other: reading {@code a} reads {@code a.b}, and reading {@code a.b.c}
     * reads {@code a.b}.
     */
    private static boolean overlaps(List<String> a, List<String> b) {
        int n = Math.min(a.size(), b.size());
        return a.subList(0, n).equals(b.subList(0, n));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }
}
