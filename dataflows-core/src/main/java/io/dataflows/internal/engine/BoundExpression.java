package io.dataflows.internal.engine;

import io.dataflows.ExpressionException;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.vars.Scope;
import io.dataflows.spi.Expression;

/** A compiled expression bound to a step's scope; errors name the step and field. */
final class BoundExpression implements Expression {

    private final CompiledExpression expression;
    private final Scope scope;
    private final String stepAlias;
    private final String field;

    BoundExpression(CompiledExpression expression, Scope scope, String stepAlias, String field) {
        this.expression = expression;
        this.scope = scope;
        this.stepAlias = stepAlias;
        this.field = field;
    }

    @Override
    public String source() {
        return expression.source();
    }

    @Override
    public Object evaluate() {
        try {
            return expression.evaluate(scope);
        } catch (ExpressionException e) {
            throw e.in(stepAlias, field);
        }
    }

    @Override
    public boolean test() {
        try {
            return expression.test(scope);
        } catch (ExpressionException e) {
            throw e.in(stepAlias, field);
        }
    }

    @Override
    public String toString() {
        return expression.source();
    }
}
