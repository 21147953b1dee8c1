package io.dataflows.internal.vars;

import io.dataflows.Dataflow;
import io.dataflows.ExpressionException;
import io.dataflows.Step;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.Evaluation;
import io.dataflows.spi.StepType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The variables that carry secret values: a value that flows into a secret config field is secret. That is every
 * variable the expressions of a secret field read ({@code passphrase: '${{ dataflow.vars.pw }}'} makes
 * {@code dataflow.vars.pw} secret) and, transitively, every variable read by the definition of a secret variable
 * ({@code pw: '${{ vars.prefix ~ vars.rest }}'} makes both parts secret too).
 *
 * <p>Paths are absolute and dotted ({@code dataflow.vars.pw}, {@code steps.read.vars.token},
 * {@code global.vars.key}). A path is secret when it is one of them or lies under one; the whole map
 * {@code dataflow.vars} is secret when a secret field reads it whole or with an index known only at run time
 * ({@code dataflow.vars[name]}).
 *
 * <p>The analysis reads the definitions, so it sees the references written in them; a path computed at run time
 * ({@code get_var('dataflow.vars.' ~ name)}) cannot be followed — the values it reaches are still redacted wherever
 * they appear as text, because the engine registers every value a secret field evaluates to. Immutable.
 */
public final class SecretVariables {

    private static final SecretVariables NONE = new SecretVariables(Set.of());

    private final Set<String> paths;

    private SecretVariables(Set<String> paths) {
        this.paths = Collections.unmodifiableSet(new TreeSet<>(paths));
    }

    /** No secret variables. */
    public static SecretVariables none() {
        return NONE;
    }

    /**
     * The secret variables of {@code flow}.
     *
     * @param typeOf the type of a step, or null when it is unknown (its config is then not known to be secret)
     * @param globalVars the definitions of {@code global.vars}
     * @param runVars values given for {@code dataflow.vars} when the run starts (they may hold expressions)
     */
    public static SecretVariables of(Dataflow flow, Function<Step, StepType> typeOf, Map<String, Object> globalVars,
            Map<String, Object> runVars, ExpressionEngine expressions) {
        Analysis a = new Analysis(expressions);
        for (Step step : flow.steps()) {
            StepType type = typeOf.apply(step);
            if (type == null) {
                continue;
            }
            String local = "steps." + step.alias();
            for (ConfigField f : type.configSchema().fields()) {
                Object raw = step.config().get(f.name());
                if (f.isSecret() && raw != null) {
                    a.secretField(raw, f.evaluation(), local);
                }
            }
        }
        if (a.marked.isEmpty()) {
            return NONE;
        }
        a.definition("global.vars", globalVars, "global");
        a.definition("dataflow.vars", flow.vars(), "dataflow");
        a.definition("dataflow.vars", runVars, "dataflow");
        a.definition("dataflow.config", flow.config(), "dataflow");
        for (Step step : flow.steps()) {
            String local = "steps." + step.alias();
            StepType type = typeOf.apply(step);
            for (Map.Entry<String, Object> e : step.config().entrySet()) {
                boolean secretField = type != null && type.configSchema().field(e.getKey())
                        .map(ConfigField::isSecret).orElse(false);
                if (!secretField) { // a secret field shows as ***** in the tree, so reading it reveals nothing
                    a.definition(local + ".config." + e.getKey(), e.getValue(), local);
                }
            }
            a.definition(local + ".vars", step.vars(), local);
        }
        return new SecretVariables(a.close());
    }

    /** The secret paths, sorted. */
    public Set<String> paths() {
        return paths;
    }

    public boolean isEmpty() {
        return paths.isEmpty();
    }

    /** True when the value at {@code path} is secret: it is a secret path or lies under one. */
    public boolean covers(String path) {
        for (String p : paths) {
            if (path.equals(p) || under(path, p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the value at {@code path} holds something secret: it is covered, or a secret path lies under it
     * (a map or template whose result contains a secret variable).
     */
    public boolean touches(String path) {
        for (String p : paths) {
            if (path.equals(p) || under(path, p) || under(p, path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the value at each secret path of {@code tree} (plain mutable maps, as exported; the root holds
     * {@code global}, {@code dataflow}, {@code run}, {@code steps}) with {@code *****}. A secret path that reaches into
     * a value that is not a map masks that whole value.
     */
    public void mask(Map<String, Object> tree) {
        mask(tree, "");
    }

    /** Like {@link #mask(Map)} for a subtree whose root is at {@code prefix} ({@code dataflow.vars}). */
    @SuppressWarnings("unchecked")
    public void mask(Map<String, Object> subtree, String prefix) {
        for (String p : paths) {
            String rel;
            if (prefix.isEmpty()) {
                rel = p;
            } else if (under(p, prefix)) {
                rel = p.substring(prefix.length() + 1);
            } else if (p.equals(prefix) || under(prefix, p)) {
                subtree.replaceAll((k, v) -> Redactor.PLACEHOLDER);
                continue;
            } else {
                continue;
            }
            String[] parts = rel.split("\\.");
            Map<String, Object> node = subtree;
            for (int i = 0; i < parts.length; i++) {
                if (!node.containsKey(parts[i])) {
                    break;
                }
                Object v = node.get(parts[i]);
                if (i == parts.length - 1 || !(v instanceof Map)) {
                    node.put(parts[i], Redactor.PLACEHOLDER);
                    break;
                }
                node = (Map<String, Object>) v;
            }
        }
    }

    private static boolean under(String path, String ancestor) {
        return path.length() > ancestor.length() && path.startsWith(ancestor) && path.charAt(ancestor.length()) == '.';
    }

    @Override
    public String toString() {
        return "SecretVariables" + paths;
    }

    /** The transitive closure: from the references of secret fields through the definitions they reach. */
    private static final class Analysis {

        /** A definition with expressions: where it is, its text, the local root its scope reads relative names in. */
        private record Definition(String path, String text, String local) {}

        private final ExpressionEngine expressions;
        private final Set<String> marked = new TreeSet<>();
        private final Deque<String> pending = new ArrayDeque<>();
        private final List<Definition> definitions = new ArrayList<>();

        Analysis(ExpressionEngine expressions) {
            this.expressions = expressions;
        }

        void secretField(Object raw, Evaluation evaluation, String local) {
            switch (evaluation) {
                case LITERAL:
                    return;
                case EXPRESSION:
                    if (raw instanceof String) {
                        references(compile((String) raw, true), local);
                    }
                    return;
                case EXPRESSION_MAP:
                case TEMPLATE_MAP:
                    if (raw instanceof Map) {
                        for (Object v : ((Map<?, ?>) raw).values()) {
                            if (v instanceof String) {
                                references(compile((String) v, evaluation == Evaluation.EXPRESSION_MAP), local);
                            }
                        }
                    }
                    return;
                default:
                    templates(raw, local);
            }
        }

        private void templates(Object raw, String local) {
            if (raw instanceof String && ExpressionEngine.hasExpression((String) raw)) {
                references(compile((String) raw, false), local);
            } else if (raw instanceof Map) {
                for (Object v : ((Map<?, ?>) raw).values()) {
                    templates(v, local);
                }
            }
        }

        private Collection<CompiledExpression> compile(String text, boolean bare) {
            try {
                return bare ? List.of(expressions.compileCondition(text)) : expressions.template(text).expressions();
            } catch (ExpressionException e) {
                return List.of(); // an expression that does not compile reads nothing; validation reports it
            }
        }

        private void references(Collection<CompiledExpression> compiled, String local) {
            for (CompiledExpression e : compiled) {
                for (String ref : e.variablePaths()) {
                    String root = ref.split("\\.", 2)[0];
                    String absolute = Scope.TOP.contains(root) ? ref : local + "." + ref;
                    if (marked.add(absolute)) {
                        pending.add(absolute);
                    }
                }
            }
        }

        void definition(String path, Object raw, String local) {
            if (raw instanceof String && ExpressionEngine.hasExpression((String) raw)) {
                definitions.add(new Definition(path, (String) raw, local));
            } else if (raw instanceof Map) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
                    definition(path + "." + e.getKey(), e.getValue(), local);
                }
            }
        }

        Set<String> close() {
            boolean[] followed = new boolean[definitions.size()];
            while (!pending.isEmpty()) {
                String p = pending.poll();
                for (int i = 0; i < definitions.size(); i++) {
                    Definition d = definitions.get(i);
                    if (!followed[i] && (d.path().equals(p) || under(d.path(), p) || under(p, d.path()))) {
                        followed[i] = true;
                        references(compile(d.text(), false), d.local());
                    }
                }
            }
            return marked;
        }
    }
}
