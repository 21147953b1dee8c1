package io.dataflows.internal.expr;

import io.dataflows.ExpressionException;
import io.dataflows.ExpressionMode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An expression compiled once and evaluated many times (per record). Immutable and thread-safe; each evaluation is
 * given the {@link EvalContext} of the scope it runs in.
 */
public final class CompiledExpression {

    private final String source;
    private final Node ast;
    private final Eval compiled;
    private final JexlBridge.Translated jexl;
    private final Set<String> roots;
    private final Set<String> stepRefs;
    private final Set<String> paths;

    CompiledExpression(String source, Node ast, ExpressionMode mode, ExpressionLimits limits) {
        this.source = source;
        this.ast = ast;
        // Compiled in both modes, so that unknown functions and methods, bad constant patterns and literals over
        // the limits fail at compile time whichever mode evaluates.
        Eval eval = new Compiler(limits).compile(ast);
        this.compiled = mode == ExpressionMode.COMPILED ? eval : null;
        this.jexl = compiled == null ? JexlBridge.translate(ast, limits) : null;
        Set<String> r = new LinkedHashSet<>();
        Set<String> s = new LinkedHashSet<>();
        References.collect(ast, r, s);
        this.roots = Collections.unmodifiableSet(r);
        this.stepRefs = Collections.unmodifiableSet(s);
        Set<String> p = new LinkedHashSet<>();
        References.paths(ast, p);
        this.paths = Collections.unmodifiableSet(p);
    }

    /** The expression text, as written. */
    public String source() {
        return source;
    }

    /** True when this expression is evaluated by JEXL (the engine runs in JEXL mode). */
    public boolean usesJexl() {
        return compiled == null;
    }

    /** Root names the expression reads ({@code record}, {@code dataflow}, ...). */
    public Set<String> roots() {
        return roots;
    }

    /**
     * The variable paths the expression reads, as written (relative ones such as {@code vars.x} included): the
     * longest constant chain of each access, e.g. {@code dataflow.vars.pw}.
     */
    public Set<String> variablePaths() {
        return paths;
    }

    /** Step aliases named by absolute references {@code steps.<alias>}. */
    public Set<String> referencedSteps() {
        return stepRefs;
    }

    /**
     * The variables this expression reads, with whether each is guarded against being missing; computed on each
     * call (validation asks once).
     */
    public java.util.List<VariableReference> variableReferences() {
        return VariableReferences.of(ast);
    }

    /** The JEXL source this expression was translated to, or null when it is compiled. For diagnostics. */
    public String jexlSource() {
        return jexl == null ? null : jexl.jexlSource;
    }

    /**
     * Evaluates the expression.
     *
     * @throws ExpressionException naming this expression when evaluation fails
     */
    public Object evaluate(EvalContext context) {
        try {
            Object v = compiled != null ? compiled.eval(context) : jexl.evaluate(context);
            return v instanceof Lookup ? ((Lookup) v).materialize() : v;
        } catch (ExpressionException e) {
            throw e.expression().isPresent() ? e : withSource(e);
        } catch (RuntimeException e) {
            if (isEvaluationError(e)) {
                throw new ExpressionException(String.valueOf(e.getMessage()), source);
            }
            throw e;
        }
    }

    /**
     * True for the exceptions the JDK throws on bad input to an operation (a number too large, an index out of
     * range, a date out of range): they are failures of the expression, reported with its text.
     */
    static boolean isEvaluationError(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof ArithmeticException
                || e instanceof ClassCastException || e instanceof IndexOutOfBoundsException
                || e instanceof UnsupportedOperationException || e instanceof java.time.DateTimeException;
    }

    /** Evaluates and applies PHP truthiness. */
    public boolean test(EvalContext context) {
        return Php.truthy(evaluate(context));
    }

    private ExpressionException withSource(ExpressionException e) {
        ExpressionException x = new ExpressionException(e.getOriginalMessage(), source,
                e.stepAlias().orElse(null), e.field().orElse(null), e.getCause());
        x.setStackTrace(e.getStackTrace());
        return x;
    }

    Node ast() {
        return ast;
    }

    @Override
    public String toString() {
        return source;
    }
}
