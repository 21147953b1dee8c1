package io.dataflows.internal.expr;

/** A compiled expression node. */
abstract class Eval {

    /** Evaluates strictly: an unknown variable or property throws {@link io.dataflows.ExpressionException}. */
    abstract Object eval(EvalContext c);

    /**
     * Evaluates for {@code isset()}, {@code ??} and {@code ?.}: a missing variable or property yields
     * {@link Access#MISSING} instead of an error. Only paths differ from {@link #eval}.
     */
    Object lenient(EvalContext c) {
        return eval(c);
    }
}
