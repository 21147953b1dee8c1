package io.dataflows.internal.vars;

import io.dataflows.DataRecord;
import io.dataflows.internal.expr.Access;
import io.dataflows.internal.expr.EvalContext;
import io.dataflows.internal.expr.Lookup;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The evaluation context of one place in the tree: a step (relative names such as {@code record}, {@code config},
 * {@code vars} mean {@code steps.<alias>.*}), the dataflow ({@code vars.x} means {@code dataflow.vars.x}) or the
 * global scope. A relative name the place lacks may be an output the trigger step shares
 * ({@link VarTree#shareOutputs}).
 */
public final class Scope implements EvalContext {

    static final List<String> TOP = List.of("global", "dataflow", "run", "env", "secrets", "steps");

    private final VarTree tree;
    private final Lookup local;
    private final StepNode step;

    Scope(VarTree tree, Lookup local) {
        this.tree = tree;
        this.local = local;
        this.step = local instanceof StepNode ? (StepNode) local : null;
    }

    @Override
    public Object root(String name) {
        switch (name) {
            case "global":
                return tree.global;
            case "dataflow":
                return tree.dataflow;
            case "run":
                return tree.run;
            case "env":
                return tree.env;
            case "secrets":
                return tree.secrets;
            case "steps":
                return tree.steps;
            default:
                if (local == null) {
                    return Access.MISSING;
                }
                Object own = local.lookup(name);
                if (own == Access.MISSING && tree.sharedNode != null && local != tree.sharedNode
                        && tree.sharedNames.contains(name)) {
                    return tree.sharedNode.lookup(name);
                }
                return own;
        }
    }

    @Override
    public Object record() {
        if (step == null) {
            return local == null ? Access.MISSING : local.lookup("record");
        }
        DataRecord r = step.record();
        return r == null ? Access.MISSING : r.isValue() ? r.asValue() : r;
    }

    @Override
    public Collection<String> rootNames() {
        List<String> names = new ArrayList<>(TOP);
        if (local != null) {
            for (String k : local.keys()) {
                if (!names.contains(k)) {
                    names.add(k);
                }
            }
            for (String k : tree.sharedNames) {
                if (!names.contains(k)) {
                    names.add(k);
                }
            }
        }
        return names;
    }

    @Override
    public long nowMillis() {
        return tree.clock.millis();
    }

    @Override
    public ZoneId zone() {
        return tree.clock.getZone();
    }

    @Override
    public java.util.Locale locale() {
        return tree.locale;
    }

    /** The tree this scope reads. */
    public VarTree tree() {
        return tree;
    }

    /** The step this scope belongs to, or null. */
    public StepNode step() {
        return step;
    }
}
