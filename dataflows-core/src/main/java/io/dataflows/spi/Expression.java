package io.dataflows.spi;

/** A compiled expression bound to a step's scope; evaluate it per record. */
public interface Expression {

    /** The expression text. */
    String source();

    /**
     * Evaluates against the current variables (the current record included).
     *
     * @throws io.dataflows.ExpressionException naming the expression, step and field
     */
    Object evaluate();

    /** Evaluates with PHP truthiness. */
    boolean test();
}
