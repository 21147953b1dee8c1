package io.dataflows.spi;

/** A compiled text with {@code ${{ }}} parts, bound to a step's scope. */
public interface Template {

    /** The template text. */
    String source();

    /** True when the text has no expression. */
    boolean isConstant();

    /** The typed value when the text is exactly one expression, the interpolated text otherwise. */
    Object evaluate();

    /** The value as text. */
    String evaluateToText();
}
