package io.dataflows.internal.engine;

import io.dataflows.ExpressionException;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.Scope;
import io.dataflows.internal.vars.SecretText;
import io.dataflows.spi.Expression;

/** A compiled expression bound to a step's scope; errors name the step and field. */
final class BoundExpression implements Expression {

    private final CompiledExpression expression;
    private final Scope scope;
    private final String stepAlias;
    private final String field;
    private final Redactor secret;

    BoundExpression(CompiledExpression expression, Scope scope, String stepAlias, String field) {
        this(expression, scope, stepAlias, field, null);
    }

    /**
     * @param secret for the value of a secret field: the run's redactor, which each result is registered with; its
     *     failures then do not quote the text, and {@link #toString} shows {@code *****}
     */
    BoundExpression(CompiledExpression expression, Scope scope, String stepAlias, String field, Redactor secret) {
        this.expression = expression;
        this.scope = scope;
        this.stepAlias = stepAlias;
        this.field = field;
        this.secret = secret;
    }

    private ExpressionException failure(ExpressionException e) {
        ExpressionException located = e.in(stepAlias, field);
        return secret == null ? located : SecretText.hidden("the secret value", located);
    }

    private <T> T registered(T value) {
        if (secret != null) {
            secret.addAll(value);
        }
        return value;
    }

    @Override
    public String source() {
        return expression.source();
    }

    @Override
    public Object evaluate() {
        try {
            return registered(expression.evaluate(scope));
        } catch (ExpressionException e) {
            throw failure(e);
        }
    }

    @Override
    public boolean test() {
        try {
            return expression.test(scope);
        } catch (ExpressionException e) {
            throw failure(e);
        }
    }

    @Override
    public String toString() {
        return secret != null ? Redactor.PLACEHOLDER : expression.source();
    }
}
