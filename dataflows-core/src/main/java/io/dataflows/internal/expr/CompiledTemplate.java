package io.dataflows.internal.expr;

import io.dataflows.ExpressionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A text with {@code ${{ expr }}} parts. A text that is exactly one expression evaluates to the expression's typed
 * value; otherwise each part is converted to text and concatenated. A text without expressions is constant.
 */
public final class CompiledTemplate {

    private final String source;
    private final Object[] parts; // String or CompiledExpression
    private final String[] written; // for each CompiledExpression part, its text as written, ${{ }} included
    private final boolean single;
    private final ExpressionLimits limits;

    CompiledTemplate(String source, List<Object> parts, List<String> written, ExpressionLimits limits) {
        this.source = source;
        this.limits = limits;
        this.parts = parts.toArray();
        this.written = written.toArray(new String[0]);
        this.single = this.parts.length == 1 && this.parts[0] instanceof CompiledExpression;
    }

    /** The template text, as written. */
    public String source() {
        return source;
    }

    /** True when the text has no expression. */
    public boolean isConstant() {
        return parts.length == 0 || (parts.length == 1 && parts[0] instanceof String);
    }

    /** True when the whole text is one expression, which then yields a typed value. */
    public boolean isSingleExpression() {
        return single;
    }

    /** The expressions of the template, in order. */
    public List<CompiledExpression> expressions() {
        List<CompiledExpression> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof CompiledExpression) {
                out.add((CompiledExpression) p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Evaluates the template: a typed value for a single expression, text otherwise. */
    public Object evaluate(EvalContext context) {
        return evaluate(context, null);
    }

    /**
     * Evaluates the template leniently, as tool_dataflows did, when {@code unresolved} is not null: an expression
     * that fails, or whose value is null, keeps its text ({@code ${{ x }}}) in place of a value and is reported to
     * {@code unresolved}; a text that is one such expression is returned as it is. A variable whose value is null
     * reads as not set (see {@code NullAsUnset}), so an expression reading one fails. Strict ({@link
     * #evaluate(EvalContext)}) when {@code unresolved} is null. Limits on the text the template builds still fail.
     */
    public Object evaluate(EvalContext context, Unresolved unresolved) {
        if (single) {
            if (unresolved == null) {
                return ((CompiledExpression) parts[0]).evaluate(context);
            }
            Object v = lenient(0, context, unresolved);
            return v == UNRESOLVED ? source : v;
        }
        if (parts.length == 0) {
            return "";
        }
        if (parts.length == 1 && parts[0] instanceof String) {
            return parts[0];
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String text;
            if (parts[i] instanceof String) {
                text = (String) parts[i];
            } else if (unresolved == null) {
                CompiledExpression e = (CompiledExpression) parts[i];
                try {
                    text = Php.text(e.evaluate(context), limits);
                } catch (ExpressionException x) {
                    throw x.expression().isPresent() ? x : new ExpressionException(
                            x.getOriginalMessage(), e.source());
                }
            } else {
                Object v = lenient(i, context, unresolved);
                text = v == UNRESOLVED ? written[i] : Php.text(v, limits);
            }
            if ((long) sb.length() + text.length() > limits.maxStringLength()) {
                throw new ExpressionException(limits.textTooLong((long) sb.length() + text.length(),
                        "The template").getOriginalMessage(), source);
            }
            sb.append(text);
        }
        return sb.toString();
    }

    private static final Object UNRESOLVED = new Object();

    private Object lenient(int part, EvalContext context, Unresolved unresolved) {
        try {
            Object v = ((CompiledExpression) parts[part]).evaluate(new NullAsUnset(context));
            if (v != null) {
                return v;
            }
            unresolved.report(written[part], "its value is null");
        } catch (ExpressionException e) {
            unresolved.report(written[part], e.getOriginalMessage());
        }
        return UNRESOLVED;
    }

    /** Evaluates and converts the result to text. */
    public String evaluateToText(EvalContext context) {
        return Php.text(evaluate(context));
    }

    @Override
    public String toString() {
        return source;
    }
}
