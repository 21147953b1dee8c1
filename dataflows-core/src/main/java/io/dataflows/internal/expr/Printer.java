package io.dataflows.internal.expr;

import java.util.stream.Collectors;

/** Renders a syntax tree back to source text, used to name paths in error messages. */
final class Printer {

    private Printer() {}

    static String print(Node n) {
        if (n instanceof Node.Literal) {
            Object v = ((Node.Literal) n).value();
            if (v instanceof String) {
                return "'" + ((String) v).replace("\\", "\\\\").replace("'", "\\'") + "'";
            }
            return v == null ? "null" : v.toString();
        }
        if (n instanceof Node.Var) {
            return ((Node.Var) n).name();
        }
        if (n instanceof Node.Member) {
            Node.Member m = (Node.Member) n;
            return print(m.target()) + (m.nullSafe() ? "?." : ".") + m.name();
        }
        if (n instanceof Node.Index) {
            Node.Index i = (Node.Index) n;
            return print(i.target()) + "[" + print(i.index()) + "]";
        }
        if (n instanceof Node.Call) {
            Node.Call c = (Node.Call) n;
            return c.name() + "(" + c.args().stream().map(Printer::print).collect(Collectors.joining(", ")) + ")";
        }
        if (n instanceof Node.MethodCall) {
            Node.MethodCall c = (Node.MethodCall) n;
            return print(c.target()) + "." + c.name() + "("
                    + c.args().stream().map(Printer::print).collect(Collectors.joining(", ")) + ")";
        }
        if (n instanceof Node.Unary) {
            Node.Unary u = (Node.Unary) n;
            return (u.op().equals("not") ? "not " : u.op()) + print(u.operand());
        }
        if (n instanceof Node.Binary) {
            Node.Binary b = (Node.Binary) n;
            return "(" + print(b.left()) + " " + b.op() + " " + print(b.right()) + ")";
        }
        if (n instanceof Node.Conditional) {
            Node.Conditional c = (Node.Conditional) n;
            return c.then() == null ? "(" + print(c.cond()) + " ?: " + print(c.otherwise()) + ")"
                    : "(" + print(c.cond()) + " ? " + print(c.then()) + " : " + print(c.otherwise()) + ")";
        }
        if (n instanceof Node.ArrayLit) {
            return "[" + ((Node.ArrayLit) n).items().stream().map(Printer::print).collect(Collectors.joining(", "))
                    + "]";
        }
        Node.MapLit m = (Node.MapLit) n;
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < m.keys().size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(m.keys().get(i)).append(": ").append(print(m.values().get(i)));
        }
        return sb.append('}').toString();
    }
}
