package io.dataflows;

import io.dataflows.internal.expr.ExpressionText;
import java.util.Optional;

/**
 * An expression does not compile, or fails to evaluate (unknown variable, type error, sandbox violation).
 *
 * <p>The message quotes the expression and says where it was used when known:
 * {@code Unknown variable 'record.contry' in expression 'record.contry == "NZ"' (step 'by_region', config
 * 'cases.nz')}. An expression longer than 200 characters is quoted by its beginning and its length.
 */
public class ExpressionException extends DataflowException {

    private static final long serialVersionUID = 1L;

    private final String expression;
    private final String field;

    public ExpressionException(String message, String expression) {
        this(message, expression, null, null, null);
    }

    public ExpressionException(String message, String expression, String stepAlias, String field, Throwable cause) {
        super(message, null, stepAlias, cause);
        this.expression = expression;
        this.field = field;
    }

    /** The expression text as written. */
    public Optional<String> expression() {
        return Optional.ofNullable(expression);
    }

    /** The config field or variable the expression came from, when known (e.g. {@code config.filter}). */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    /** Returns a copy that also names the step and field. */
    public ExpressionException in(String stepAlias, String field) {
        ExpressionException e = new ExpressionException(getOriginalMessage(), expression,
                stepAlias != null ? stepAlias : stepAlias().orElse(null),
                field != null ? field : this.field, getCause());
        e.setStackTrace(getStackTrace());
        return e;
    }

    @Override
    public String getMessage() {
        StringBuilder sb = new StringBuilder(getOriginalMessage());
        if (expression != null) {
            sb.append(" in expression ").append(ExpressionText.quote(expression));
        }
        String step = stepAlias().orElse(null);
        if (step != null || field != null) {
            sb.append(" (");
            if (step != null) {
                sb.append("step '").append(step).append('\'');
            }
            if (field != null) {
                sb.append(step != null ? ", " : "").append("field '").append(field).append('\'');
            }
            sb.append(')');
        }
        return sb.toString();
    }
}
