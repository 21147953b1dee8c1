package io.dataflows.internal.expr;

import java.util.Set;

/** Collects the variables an expression reads, for validation. */
final class References {

    private References() {}

    static void collect(Node n, Set<String> roots, Set<String> steps) {
        if (n instanceof Node.Var) {
            roots.add(((Node.Var) n).name());
        } else if (n instanceof Node.Member) {
            Node.Member m = (Node.Member) n;
            if (m.target() instanceof Node.Var && ((Node.Var) m.target()).name().equals("steps")) {
                steps.add(m.name());
            }
            collect(m.target(), roots, steps);
        } else if (n instanceof Node.Index) {
            Node.Index i = (Node.Index) n;
            if (i.target() instanceof Node.Var && ((Node.Var) i.target()).name().equals("steps")
                    && i.index() instanceof Node.Literal && ((Node.Literal) i.index()).value() instanceof String) {
                steps.add((String) ((Node.Literal) i.index()).value());
            }
            collect(i.target(), roots, steps);
            collect(i.index(), roots, steps);
        } else if (n instanceof Node.Call) {
            ((Node.Call) n).args().forEach(a -> collect(a, roots, steps));
        } else if (n instanceof Node.MethodCall) {
            Node.MethodCall m = (Node.MethodCall) n;
            collect(m.target(), roots, steps);
            m.args().forEach(a -> collect(a, roots, steps));
        } else if (n instanceof Node.Unary) {
            collect(((Node.Unary) n).operand(), roots, steps);
        } else if (n instanceof Node.Binary) {
            collect(((Node.Binary) n).left(), roots, steps);
            collect(((Node.Binary) n).right(), roots, steps);
        } else if (n instanceof Node.Conditional) {
            Node.Conditional c = (Node.Conditional) n;
            collect(c.cond(), roots, steps);
            if (c.then() != null) {
                collect(c.then(), roots, steps);
            }
            collect(c.otherwise(), roots, steps);
        } else if (n instanceof Node.ArrayLit) {
            ((Node.ArrayLit) n).items().forEach(a -> collect(a, roots, steps));
        } else if (n instanceof Node.MapLit) {
            ((Node.MapLit) n).values().forEach(a -> collect(a, roots, steps));
        }
    }
}
