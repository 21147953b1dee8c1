package io.dataflows.internal.engine;

import io.dataflows.ExpressionException;
import io.dataflows.internal.expr.CompiledTemplate;
import io.dataflows.internal.expr.Php;
import io.dataflows.internal.vars.Scope;
import io.dataflows.spi.Template;

/** A compiled template bound to a step's scope; errors name the step and field. */
final class BoundTemplate implements Template {

    private final CompiledTemplate template;
    private final Scope scope;
    private final String stepAlias;
    private final String field;

    BoundTemplate(CompiledTemplate template, Scope scope, String stepAlias, String field) {
        this.template = template;
        this.scope = scope;
        this.stepAlias = stepAlias;
        this.field = field;
    }

    @Override
    public String source() {
        return template.source();
    }

    @Override
    public boolean isConstant() {
        return template.isConstant();
    }

    @Override
    public Object evaluate() {
        try {
            return template.evaluate(scope);
        } catch (ExpressionException e) {
            throw e.in(stepAlias, field);
        }
    }

    @Override
    public String evaluateToText() {
        return Php.text(evaluate());
    }

    @Override
    public String toString() {
        return template.source();
    }
}
