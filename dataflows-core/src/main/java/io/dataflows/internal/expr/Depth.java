package io.dataflows.internal.expr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Measures how deep a syntax tree is without recursion, so that a tree too deep for the recursive walks (the
 * compiler, the JEXL translation) is found before any of them starts.
 */
final class Depth {

    private Depth() {}

    /**
     * Returns a node lying more than {@code max} levels below the root (the root is level 1), or null when the tree
     * is at most {@code max} levels deep.
     */
    static Node deeperThan(Node root, int max) {
        Deque<Node> nodes = new ArrayDeque<>();
        Deque<Integer> levels = new ArrayDeque<>();
        nodes.push(root);
        levels.push(1);
        List<Node> children = new ArrayList<>();
        while (!nodes.isEmpty()) {
            Node n = nodes.pop();
            int level = levels.pop();
            if (level > max) {
                return n;
            }
            children.clear();
            children(n, children);
            for (Node child : children) {
                nodes.push(child);
                levels.push(level + 1);
            }
        }
        return null;
    }

    /** Adds the direct children of {@code n} to {@code out}. */
    static void children(Node n, List<Node> out) {
        if (n instanceof Node.Member) {
            out.add(((Node.Member) n).target());
        } else if (n instanceof Node.Index) {
            out.add(((Node.Index) n).target());
            out.add(((Node.Index) n).index());
        } else if (n instanceof Node.Call) {
            out.addAll(((Node.Call) n).args());
        } else if (n instanceof Node.MethodCall) {
            out.add(((Node.MethodCall) n).target());
            out.addAll(((Node.MethodCall) n).args());
        } else if (n instanceof Node.Unary) {
            out.add(((Node.Unary) n).operand());
        } else if (n instanceof Node.Binary) {
            out.add(((Node.Binary) n).left());
            out.add(((Node.Binary) n).right());
        } else if (n instanceof Node.Conditional) {
            Node.Conditional c = (Node.Conditional) n;
            out.add(c.cond());
            if (c.then() != null) {
                out.add(c.then());
            }
            out.add(c.otherwise());
        } else if (n instanceof Node.ArrayLit) {
            out.addAll(((Node.ArrayLit) n).items());
        } else if (n instanceof Node.MapLit) {
            out.addAll(((Node.MapLit) n).values());
        }
    }
}
