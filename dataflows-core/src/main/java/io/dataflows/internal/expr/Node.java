package io.dataflows.internal.expr;

import java.util.List;

/** The syntax tree of an expression. Positions are 0-based offsets into the expression text. */
sealed interface Node {

    int pos();

    /** A constant: null, Boolean, Long, Double or String. */
    record Literal(Object value, int pos) implements Node {}

    /** A root name: {@code record}, {@code dataflow}, {@code steps}. */
    record Var(String name, int pos) implements Node {}

    /** {@code target.name}; {@code nullSafe} for {@code target?.name}. */
    record Member(Node target, String name, boolean nullSafe, int pos) implements Node {}

    /** {@code target[index]}. */
    record Index(Node target, Node index, int pos) implements Node {}

    /** {@code name(args)}: one of the library functions. */
    record Call(String name, List<Node> args, int pos) implements Node {}

    /** {@code target.name(args)}: a method call, evaluated by JEXL inside its sandbox. */
    record MethodCall(Node target, String name, List<Node> args, boolean nullSafe, int pos) implements Node {}

    record Unary(String op, Node operand, int pos) implements Node {}

    record Binary(String op, Node left, Node right, int pos) implements Node {}

    /** {@code cond ? then : otherwise}; {@code then} is null for the short form {@code cond ?: otherwise}. */
    record Conditional(Node cond, Node then, Node otherwise, int pos) implements Node {}

    record ArrayLit(List<Node> items, int pos) implements Node {}

    /** A map literal; keys are constant strings. */
    record MapLit(List<String> keys, List<Node> values, int pos) implements Node {}
}
