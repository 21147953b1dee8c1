package io.dataflows.internal.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Collects the variables an expression reads, for validation and for following secret values. */
final class References {

    private References() {}

    /**
     * Adds the variable paths {@code n} reads, as written: {@code dataflow.vars.pw} for a chain of member and
     * constant index accesses, the longest such chain only ({@code dataflow.vars[x]} adds {@code dataflow.vars}, as
     * the index is not known before evaluation). A constant argument of {@code get_var} is a path too.
     */
    static void paths(Node n, Set<String> out) {
        List<String> chain = chain(n);
        if (chain != null) {
            out.add(String.join(".", chain));
            return;
        }
        if (n instanceof Node.Member) {
            paths(((Node.Member) n).target(), out);
        } else if (n instanceof Node.Index) {
            Node.Index i = (Node.Index) n;
            paths(i.target(), out);
            paths(i.index(), out);
        } else if (n instanceof Node.Call) {
            Node.Call c = (Node.Call) n;
            if (c.name().equals("get_var") && !c.args().isEmpty() && c.args().get(0) instanceof Node.Literal
                    && ((Node.Literal) c.args().get(0)).value() instanceof String) {
                out.add((String) ((Node.Literal) c.args().get(0)).value());
            }
            c.args().forEach(a -> paths(a, out));
        } else if (n instanceof Node.MethodCall) {
            Node.MethodCall m = (Node.MethodCall) n;
            paths(m.target(), out);
            m.args().forEach(a -> paths(a, out));
        } else if (n instanceof Node.Unary) {
            paths(((Node.Unary) n).operand(), out);
        } else if (n instanceof Node.Binary) {
            paths(((Node.Binary) n).left(), out);
            paths(((Node.Binary) n).right(), out);
        } else if (n instanceof Node.Conditional) {
            Node.Conditional c = (Node.Conditional) n;
            paths(c.cond(), out);
            if (c.then() != null) {
                paths(c.then(), out);
            }
            paths(c.otherwise(), out);
        } else if (n instanceof Node.ArrayLit) {
            ((Node.ArrayLit) n).items().forEach(a -> paths(a, out));
        } else if (n instanceof Node.MapLit) {
            ((Node.MapLit) n).values().forEach(a -> paths(a, out));
        }
    }

    /** The names of a chain {@code a.b['c'][0]}, or null when {@code n} is not one. */
    private static List<String> chain(Node n) {
        if (n instanceof Node.Var) {
            List<String> names = new ArrayList<>();
            names.add(((Node.Var) n).name());
            return names;
        }
        if (n instanceof Node.Member) {
            List<String> names = chain(((Node.Member) n).target());
            if (names != null) {
                names.add(((Node.Member) n).name());
            }
            return names;
        }
        if (n instanceof Node.Index) {
            Node.Index i = (Node.Index) n;
            if (i.index() instanceof Node.Literal && ((Node.Literal) i.index()).value() != null) {
                List<String> names = chain(i.target());
                if (names != null) {
                    names.add(Php.text(((Node.Literal) i.index()).value()));
                }
                return names;
            }
        }
        return null;
    }

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
