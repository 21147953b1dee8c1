package io.dataflows.steps.internal.connector;

import io.dataflows.spi.Expression;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.Values;

/**
 * The {@code condition} of the abort steps, prepared once per run: absent or empty means "always abort"; otherwise
 * the run aborts when the condition is true (PHP truthiness).
 */
final class AbortCondition {

    private final StepContext ctx;
    private final Expression expression;
    private final String text;
    private final boolean constant;

    private AbortCondition(StepContext ctx, Expression expression, String text, boolean constant) {
        this.ctx = ctx;
        this.expression = expression;
        this.text = text;
        this.constant = constant;
    }

    static AbortCondition of(StepContext ctx) {
        StepConfig config = ctx.config();
        Object raw = config.raw("condition");
        if (raw == null || (raw instanceof String && ((String) raw).isBlank())) {
            return new AbortCondition(ctx, null, null, true);
        }
        if (raw instanceof String) {
            return new AbortCondition(ctx, config.expression("condition"), ((String) raw).strip(), false);
        }
        return new AbortCondition(ctx, null, String.valueOf(raw), Values.truthy(raw));
    }

    /** Aborts the run when the condition holds. */
    void check() {
        if (expression != null ? expression.test() : constant) {
            throw ctx.abort(text == null ? "Aborted by step '" + ctx.stepAlias() + "'"
                    : "Abort condition met: " + text);
        }
    }
}
