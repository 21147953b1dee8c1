package io.dataflows.internal.expr;

import io.dataflows.ExpressionException;
import io.dataflows.ExpressionMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiles expressions and templates. One instance per {@code DataflowEngine}; thread-safe. Compiled forms are
 * cached by text, so a dataflow run many times compiles each expression once.
 */
public final class ExpressionEngine {

    static final String OPEN = "${{";
    static final String CLOSE = "}}";
    private static final int CACHE_LIMIT = 4096;

    private final ExpressionMode mode;
    private final ExpressionLimits limits;
    private final Map<String, CompiledExpression> expressions = new ConcurrentHashMap<>();
    private final Map<String, CompiledTemplate> templates = new ConcurrentHashMap<>();

    /** An engine with the default {@link ExpressionLimits}. */
    public ExpressionEngine(ExpressionMode mode) {
        this(mode, ExpressionLimits.DEFAULTS);
    }

    public ExpressionEngine(ExpressionMode mode, ExpressionLimits limits) {
        this.mode = mode;
        this.limits = limits;
    }

    public ExpressionMode mode() {
        return mode;
    }

    /** The limits every expression of this engine is compiled and evaluated with. */
    public ExpressionLimits limits() {
        return limits;
    }

    /** True when {@code text} contains a <code>${{</code>. */
    public static boolean hasExpression(String text) {
        return text != null && text.contains(OPEN);
    }

    /**
     * Compiles a bare expression ({@code record.a > 1}).
     *
     * @throws ExpressionException on a syntax error, an unknown function or a wrong number of arguments
     */
    public CompiledExpression compile(String source) {
        CompiledExpression e = expressions.get(source);
        if (e == null) {
            Node ast;
            try {
                ast = Parser.parse(source);
                e = new CompiledExpression(source, ast, mode, limits);
            } catch (ExpressionException x) {
                throw x.expression().isPresent() ? x : new ExpressionException(x.getOriginalMessage(), source);
            } catch (IllegalArgumentException x) {
                throw new ExpressionException(x.getMessage(), source);
            }
            if (expressions.size() < CACHE_LIMIT) {
                expressions.put(source, e);
            }
        }
        return e;
    }

    /**
     * Compiles an expression field (filter, switch case, abort condition): a bare expression, or one wrapped whole
     * in {@code ${{ }}} — both mean the same.
     */
    public CompiledExpression compileCondition(String text) {
        String t = text.strip();
        if (t.startsWith(OPEN)) {
            CompiledTemplate template = template(t);
            if (template.isSingleExpression()) {
                return template.expressions().get(0);
            }
        }
        return compile(t);
    }

    /**
     * Compiles a template: literal text with {@code ${{ expr }}} parts.
     *
     * @throws ExpressionException when an expression does not compile or a <code>${{</code> is not closed
     */
    public CompiledTemplate template(String text) {
        CompiledTemplate t = templates.get(text);
        if (t == null) {
            t = parseTemplate(text);
            if (templates.size() < CACHE_LIMIT) {
                templates.put(text, t);
            }
        }
        return t;
    }

    private CompiledTemplate parseTemplate(String text) {
        List<Object> parts = new ArrayList<>();
        List<String> written = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = text.indexOf(OPEN, from);
            if (open < 0) {
                if (from < text.length()) {
                    parts.add(text.substring(from));
                    written.add(null);
                }
                break;
            }
            if (open > from) {
                parts.add(text.substring(from, open));
                written.add(null);
            }
            int close = findClose(text, open + OPEN.length());
            if (close < 0) {
                throw new ExpressionException("Unterminated expression: '${{' at position " + (open + 1)
                        + " has no closing '}}'", text);
            }
            String inner = text.substring(open + OPEN.length(), close).strip();
            if (inner.isEmpty()) {
                throw new ExpressionException("Empty expression '${{ }}' at position " + (open + 1), text);
            }
            parts.add(compile(inner));
            written.add(text.substring(open, close + CLOSE.length()));
            from = close + CLOSE.length();
        }
        return new CompiledTemplate(text, parts, written, limits);
    }

    /** Finds the {@code }}} that closes an expression, skipping quoted strings and nested braces. */
    private static int findClose(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (depth == 0) {
                    return i + 1 < text.length() && text.charAt(i + 1) == '}' ? i : -1;
                }
                depth--;
            }
        }
        return -1;
    }
}
