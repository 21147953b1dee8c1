package io.dataflows.internal.expr;

import java.util.ArrayList;
import java.util.List;

/** Collects the {@link VariableReference}s of an expression, for validation. */
final class VariableReferences {

    private VariableReferences() {}

    static List<VariableReference> of(Node ast) {
        List<VariableReference> out = new ArrayList<>();
        collect(ast, false, out);
        return out;
    }

    private static void collect(Node n, boolean guarded, List<VariableReference> out) {
        if (n instanceof Node.Var) {
            out.add(new VariableReference(List.of(((Node.Var) n).name()), guarded));
        } else if (n instanceof Node.Member || n instanceof Node.Index) {
            List<String> path = new ArrayList<>();
            boolean[] nullSafe = {false};
            Node rest = staticPath(n, path, nullSafe);
            if (rest == null) {
                out.add(new VariableReference(path, guarded || nullSafe[0]));
                return;
            }
            // The chain is not static all the way down to its root: look into its parts.
            if (n instanceof Node.Member) {
                collect(((Node.Member) n).target(), guarded || ((Node.Member) n).nullSafe(), out);
            } else {
                collect(((Node.Index) n).target(), guarded, out);
                collect(((Node.Index) n).index(), false, out);
            }
        } else if (n instanceof Node.Call) {
            Node.Call call = (Node.Call) n;
            boolean isset = call.name().equals("isset");
            call.args().forEach(a -> collect(a, guarded || isset, out));
        } else if (n instanceof Node.MethodCall) {
            Node.MethodCall m = (Node.MethodCall) n;
            collect(m.target(), guarded || m.nullSafe(), out);
            m.args().forEach(a -> collect(a, guarded, out));
        } else if (n instanceof Node.Unary) {
            collect(((Node.Unary) n).operand(), guarded, out);
        } else if (n instanceof Node.Binary) {
            Node.Binary b = (Node.Binary) n;
            collect(b.left(), guarded || b.op().equals("??"), out);
            collect(b.right(), guarded, out);
        } else if (n instanceof Node.Conditional) {
            Node.Conditional c = (Node.Conditional) n;
            collect(c.cond(), guarded, out);
            if (c.then() != null) {
                collect(c.then(), guarded, out);
            }
            collect(c.otherwise(), guarded, out);
        } else if (n instanceof Node.ArrayLit) {
            ((Node.ArrayLit) n).items().forEach(a -> collect(a, guarded, out));
        } else if (n instanceof Node.MapLit) {
            ((Node.MapLit) n).values().forEach(a -> collect(a, guarded, out));
        }
    }

    /**
     * Fills {@code path} with the segments of a chain of members and constant indexes from a root name; returns
     * null when the whole chain is static, else the node where it stops being static.
     */
    private static Node staticPath(Node n, List<String> path, boolean[] nullSafe) {
        List<String> reversed = new ArrayList<>();
        Node at = n;
        while (true) {
            if (at instanceof Node.Member) {
                Node.Member m = (Node.Member) at;
                reversed.add(m.name());
                nullSafe[0] |= m.nullSafe();
                at = m.target();
            } else if (at instanceof Node.Index && ((Node.Index) at).index() instanceof Node.Literal
                    && ((Node.Literal) ((Node.Index) at).index()).value() != null) {
                reversed.add(String.valueOf(((Node.Literal) ((Node.Index) at).index()).value()));
                at = ((Node.Index) at).target();
            } else if (at instanceof Node.Var) {
                reversed.add(((Node.Var) at).name());
                for (int i = reversed.size() - 1; i >= 0; i--) {
                    path.add(reversed.get(i));
                }
                return null;
            } else {
                return at;
            }
        }
    }
}
