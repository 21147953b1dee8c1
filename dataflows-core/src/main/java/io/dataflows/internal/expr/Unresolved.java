package io.dataflows.internal.expr;

/**
 * Told by a lenient template evaluation about each expression it could not resolve — an error, or a null value —
 * and whose text it kept in place of its value, as tool_dataflows did.
 */
@FunctionalInterface
public interface Unresolved {

    /**
     * @param expression the expression's text as written, {@code ${{ … }}} included
     * @param reason why it could not be resolved
     */
    void report(String expression, String reason);
}
