package io.dataflows.internal.engine;

import io.dataflows.ExpressionException;
import io.dataflows.internal.expr.CompiledTemplate;
import io.dataflows.internal.expr.Php;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.Scope;
import io.dataflows.internal.vars.SecretText;
import io.dataflows.spi.Template;

/** A compiled template bound to a step's scope; errors name the step and field. */
final class BoundTemplate implements Template {

    private final CompiledTemplate template;
    private final Scope scope;
    private final String stepAlias;
    private final String field;
    private final Redactor secret;

    BoundTemplate(CompiledTemplate template, Scope scope, String stepAlias, String field) {
        this(template, scope, stepAlias, field, null);
    }

    /**
     * @param secret for the value of a secret field: the run's redactor, which each result is registered with; its
     *     failures then do not quote the text, and {@link #toString} shows {@code *****}
     */
    BoundTemplate(CompiledTemplate template, Scope scope, String stepAlias, String field, Redactor secret) {
        this.template = template;
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
        return template.source();
    }

    @Override
    public boolean isConstant() {
        return template.isConstant();
    }

    @Override
    public Object evaluate() {
        try {
            return registered(template.evaluate(scope, scope.tree().unresolved(stepAlias, field, secret != null)));
        } catch (ExpressionException e) {
            throw failure(e);
        }
    }

    @Override
    public String evaluateToText() {
        return Php.text(evaluate());
    }

    @Override
    public String toString() {
        return secret != null ? Redactor.PLACEHOLDER : template.source();
    }
}
