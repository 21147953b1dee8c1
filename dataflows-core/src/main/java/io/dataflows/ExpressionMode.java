package io.dataflows;

/**
 * How the engine evaluates expressions. Both give identical results (the test suite runs every expression test both
 * ways); {@link #COMPILED} is several times faster.
 */
public enum ExpressionMode {
    /** Expressions are compiled to Java objects. */
    COMPILED,
    /** Every expression is translated to Apache Commons JEXL and evaluated by it. */
    JEXL
}
