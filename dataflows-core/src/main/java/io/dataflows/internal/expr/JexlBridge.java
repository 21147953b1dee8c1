package io.dataflows.internal.expr;

import io.dataflows.ExpressionException;
import io.dataflows.spi.Regexes;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.jexl3.JexlArithmetic;
import org.apache.commons.jexl3.JexlBuilder;
import org.apache.commons.jexl3.JexlContext;
import org.apache.commons.jexl3.JexlEngine;
import org.apache.commons.jexl3.JexlException;
import org.apache.commons.jexl3.JexlExpression;
import org.apache.commons.jexl3.JexlFeatures;

/**
 * Evaluates expressions with Apache Commons JEXL 3.
 *
 * <p>The expression is translated from our syntax tree into a JEXL expression: operators stay JEXL operators and are
 * given PHP semantics by {@link PhpArithmetic}; variable paths, the dialect's own operators ({@code ~},
 * {@code matches}, {@code in}) and the library functions become calls into the {@code df} namespace, which shares its
 * code with the compiled path, and so do method calls, which go to the allow-listed {@link Methods} through the
 * namespace rather than to JEXL's introspection. JEXL itself may call nothing but the namespace
 * ({@link SandboxPermissions}). Literals travel as context variables so no text is ever re-escaped. Results are
 * therefore identical to the compiled path, which the expression tests check by running every case through both.
 *
 * <p>The translation keeps one level of parentheses per operator: JEXL's parser descends through about twenty
 * methods per level, and trees up to {@link ExpressionLimits#MAX_DEPTH} deep must fit in a small thread stack.
 */
final class JexlBridge {

    private static final JexlFeatures FEATURES = new JexlFeatures()
            .localVar(false).sideEffect(false).sideEffectGlobal(false).loops(false).newInstance(false)
            .lambda(false).thinArrow(false).fatArrow(false).annotation(false).pragma(false).namespacePragma(false)
            .importPragma(false).script(false).methodCall(false).structuredLiteral(false).arrayReferenceExpr(true)
            .register(false).comparatorNames(false).namespaceIdentifier(false);

    private static final JexlEngine ENGINE = new JexlBuilder()
            .permissions(SandboxPermissions.INSTANCE)
            .features(FEATURES)
            .arithmetic(new PhpArithmetic())
            .strict(true)
            .silent(false)
            .safe(false)
            .booleanLogical(true)
            .antish(false)
            .cache(1024)
            .create();

    private JexlBridge() {}

    /** A translated expression: the JEXL expression and the constants it refers to. */
    static final class Translated {
        final JexlExpression expression;
        final Object[] constants;
        final String jexlSource;
        final ExpressionLimits limits;

        Translated(JexlExpression expression, Object[] constants, String jexlSource, ExpressionLimits limits) {
            this.expression = expression;
            this.constants = constants;
            this.jexlSource = jexlSource;
            this.limits = limits;
        }

        Object evaluate(EvalContext c) {
            try {
                return Functions.plain(normalize(expression.evaluate(new Context(c, constants, limits))));
            } catch (JexlException e) {
                throw translate(e);
            }
        }
    }

    static Translated translate(Node ast, ExpressionLimits limits) {
        Writer w = new Writer();
        w.emit(ast, false);
        String source = w.sb.toString();
        try {
            return new Translated(ENGINE.createExpression(source), w.constants.toArray(), source, limits);
        } catch (JexlException e) {
            throw new ExpressionException("JEXL rejected the expression: " + e.getMessage(), null);
        }
    }

    private static ExpressionException translate(JexlException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ExpressionException) {
                return (ExpressionException) t;
            }
        }
        if (e instanceof JexlException.Method) {
            String method = ((JexlException.Method) e).getMethod();
            return new ExpressionException("Method '" + method + "' is not available in expressions (sandbox)",
                    null);
        }
        if (e instanceof JexlException.Property) {
            return new ExpressionException("Property access denied by the expression sandbox", null);
        }
        Throwable cause = e.getCause();
        if (CompiledExpression.isEvaluationError(cause)) {
            // the same failure the compiled path reports, so both modes give the same message
            return new ExpressionException(String.valueOf(cause.getMessage()), null);
        }
        String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return new ExpressionException("Evaluation failed: " + detail, null);
    }

    static Object normalize(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float) {
            return ((Float) v).doubleValue();
        }
        if (v instanceof Character) {
            return v.toString();
        }
        if (v instanceof Object[]) {
            List<Object> out = new ArrayList<>();
            for (Object o : (Object[]) v) {
                out.add(normalize(o));
            }
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    /** Emits JEXL source for a syntax tree. */
    private static final class Writer {
        final StringBuilder sb = new StringBuilder();
        final List<Object> constants = new ArrayList<>();

        private void constant(Object value) {
            sb.append("__k").append(constants.size());
            constants.add(value);
        }

        void emit(Node n, boolean lenient) {
            if (n instanceof Node.Literal) {
                constant(((Node.Literal) n).value());
            } else if (n instanceof Node.Var) {
                sb.append(lenient ? "df:lroot(" : "df:root(");
                constant(((Node.Var) n).name());
                sb.append(')');
            } else if (n instanceof Node.Member) {
                Node.Member m = (Node.Member) n;
                access(m.target(), () -> constant(m.name()), lenient, m.nullSafe(), n);
            } else if (n instanceof Node.Index) {
                Node.Index i = (Node.Index) n;
                access(i.target(), () -> emit(i.index(), false), lenient, false, n);
            } else if (n instanceof Node.Call) {
                Node.Call c = (Node.Call) n;
                boolean isset = c.name().equals("isset");
                sb.append(isset ? "df:isset(" : "df:call(");
                if (!isset) {
                    constant(c.name());
                }
                for (int i = 0; i < c.args().size(); i++) {
                    sb.append(i > 0 || !isset ? ", " : "");
                    emit(c.args().get(i), isset);
                }
                sb.append(')');
            } else if (n instanceof Node.MethodCall) {
                Node.MethodCall m = (Node.MethodCall) n;
                sb.append("df:invoke(");
                constant(new MethodCall(Methods.lookup(m.name(), m.args().size()), m.nullSafe(),
                        Printer.print(m.target())));
                sb.append(", ");
                emit(m.target(), m.nullSafe());
                for (Node arg : m.args()) {
                    sb.append(", ");
                    emit(arg, false);
                }
                sb.append(')');
            } else if (n instanceof Node.Unary) {
                Node.Unary u = (Node.Unary) n;
                sb.append(u.op().equals("not") ? "!" : u.op()).append('(');
                emit(u.operand(), false);
                sb.append(')');
            } else if (n instanceof Node.Binary) {
                binary((Node.Binary) n, lenient);
            } else if (n instanceof Node.Conditional) {
                Node.Conditional c = (Node.Conditional) n;
                sb.append('(');
                emit(c.cond(), false);
                sb.append(" ? ");
                emit(c.then() != null ? c.then() : c.cond(), false);
                sb.append(" : ");
                emit(c.otherwise(), false);
                sb.append(')');
            } else if (n instanceof Node.ArrayLit) {
                sb.append("df:list(");
                List<Node> items = ((Node.ArrayLit) n).items();
                for (int i = 0; i < items.size(); i++) {
                    sb.append(i > 0 ? ", " : "");
                    emit(items.get(i), false);
                }
                sb.append(')');
            } else {
                Node.MapLit m = (Node.MapLit) n;
                sb.append("df:map(");
                for (int i = 0; i < m.keys().size(); i++) {
                    sb.append(i > 0 ? ", " : "");
                    constant(m.keys().get(i));
                    sb.append(", ");
                    emit(m.values().get(i), false);
                }
                sb.append(')');
            }
        }

        private void access(Node target, Runnable key, boolean lenient, boolean nullSafe, Node whole) {
            if (lenient || nullSafe) {
                sb.append(nullSafe && !lenient ? "df:safeget(" : "df:lget(");
                emit(target, true);
                sb.append(", ");
                key.run();
                sb.append(')');
                return;
            }
            sb.append("df:get(");
            emit(target, false);
            sb.append(", ");
            key.run();
            sb.append(", ");
            constant(Printer.print(whole));
            sb.append(')');
        }

        private void binary(Node.Binary b, boolean lenient) {
            String op = b.op();
            switch (op) {
                case "and": case "&&": infix("&&", b); return;
                case "or": case "||": infix("||", b); return;
                case "==": case "!=": case "<": case ">": case "<=": case ">=":
                case "+": case "-": case "*": case "/": case "%":
                    infix(op, b);
                    return;
                case "??":
                    sb.append('(');
                    emit(b.left(), true);
                    sb.append(" ?? ");
                    emit(b.right(), lenient);
                    sb.append(')');
                    return;
                case "===": call("identical", b, false); return;
                case "!==": call("identical", b, true); return;
                case "~": call("concat", b, false); return;
                case "in": call("in", b, false); return;
                case "not in": call("in", b, true); return;
                case "matches": call("matches", b, false); return;
                case "=~": call("matchesOrIn", b, false); return;
                case "!~": call("matchesOrIn", b, true); return;
                case "..": call("range", b, false); return;
                case "**": call("pow", b, false); return;
                case "|": call("bitor", b, false); return;
                case "&": call("bitand", b, false); return;
                case "^": call("bitxor", b, false); return;
                default: throw new ExpressionException("Unsupported operator '" + op + "'", null);
            }
        }

        /** {@code (left op right)}: every operand is emitted self-delimited (a name, a call or in parentheses). */
        private void infix(String op, Node.Binary b) {
            sb.append('(');
            emit(b.left(), false);
            sb.append(' ').append(op).append(' ');
            emit(b.right(), false);
            sb.append(')');
        }

        private void call(String fn, Node.Binary b, boolean negate) {
            sb.append(negate ? "!df:" : "df:").append(fn).append('(');
            emit(b.left(), false);
            sb.append(", ");
            emit(b.right(), false);
            sb.append(')');
        }
    }

    /** A method call site: the allow-listed method, whether it is null-safe, the receiver's text for messages. */
    record MethodCall(Methods.Def def, boolean nullSafe, String targetText) {}

    /** The JEXL context of one evaluation: constants as variables, {@code df} as the only namespace. */
    private static final class Context implements JexlContext, JexlContext.NamespaceResolver {
        private final EvalContext eval;
        private final Object[] constants;
        private final ExpressionLimits limits;
        private Df df;

        Context(EvalContext eval, Object[] constants, ExpressionLimits limits) {
            this.eval = eval;
            this.constants = constants;
            this.limits = limits;
        }

        @Override
        public Object get(String name) {
            return constants[Integer.parseInt(name.substring(3))];
        }

        @Override
        public boolean has(String name) {
            return name.startsWith("__k");
        }

        @Override
        public void set(String name, Object value) {
            throw new ExpressionException("Expressions cannot assign variables", null);
        }

        @Override
        public Object resolveNamespace(String name) {
            if (!"df".equals(name)) {
                return null;
            }
            if (df == null) {
                df = new Df(eval, limits);
            }
            return df;
        }
    }

    /**
     * The {@code df} namespace: paths, the dialect's operators and the function library, with the same code as the
     * compiled path. Public because JEXL calls it reflectively; not API.
     */
    public static final class Df {
        private final EvalContext c;
        private final ExpressionLimits limits;

        Df(EvalContext c, ExpressionLimits limits) {
            this.c = c;
            this.limits = limits;
        }

        public Object root(String name) {
            Object v = name.equals("record") ? c.record() : c.root(name);
            if (v == Access.MISSING) {
                throw Compiler.unknownRoot(c, name);
            }
            return v;
        }

        public Object lroot(String name) {
            Object v = name.equals("record") ? c.record() : c.root(name);
            return v == Access.MISSING ? null : v;
        }

        public Object get(Object target, Object key, String path) {
            Object v = Access.get(target, normalize(key));
            if (v == Access.MISSING) {
                throw Access.missing(target, normalize(key), path);
            }
            return v;
        }

        public Object lget(Object target, Object key) {
            if (target == null) {
                return null;
            }
            Object v = Access.get(target, normalize(key));
            return v == Access.MISSING ? null : v;
        }

        public Object safeget(Object target, Object key) {
            return lget(target, key);
        }

        public boolean isset(Object... values) {
            if (values == null) {
                return false; // JEXL passes a lone null argument as a null array
            }
            for (Object v : values) {
                if (v == null) {
                    return false;
                }
            }
            return true;
        }

        public Object call(String name, Object... args) {
            if (args == null) {
                args = new Object[] {null};
            }
            Functions.Def def = Functions.lookup(name);
            if (def == null) {
                throw Functions.unknown(name);
            }
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = normalize(args[i]);
            }
            return def.fn().apply(values, c, limits);
        }

        public Object invoke(Object site, Object target, Object... args) {
            MethodCall call = (MethodCall) site;
            if (args == null) {
                args = new Object[] {null};
            }
            target = normalize(target);
            if (call.nullSafe() && target == null) {
                return null;
            }
            Object[] values = new Object[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = normalize(args[i]);
            }
            return Methods.invoke(call.def(), target, values, limits, call.targetText());
        }

        public boolean identical(Object a, Object b) {
            return Php.identical(normalize(a), normalize(b));
        }

        public String concat(Object a, Object b) {
            return Php.concat(normalize(a), normalize(b), limits);
        }

        public boolean in(Object a, Object b) {
            return Php.in(normalize(a), b);
        }

        /** 1 or 0, as PHP's preg_match(). */
        public long matches(Object subject, Object pattern) {
            if (!(pattern instanceof String)) {
                throw new ExpressionException("The right operand of 'matches' must be a regular expression, not "
                        + Php.describe(pattern), null);
            }
            return find((String) pattern, subject) ? 1L : 0L;
        }

        private boolean find(String pattern, Object subject) {
            return Regexes.find(Regexes.compile(pattern), Php.text(normalize(subject), limits),
                    limits.regexStepLimit()) != null;
        }

        public boolean matchesOrIn(Object subject, Object pattern) {
            if (pattern instanceof java.util.Collection || pattern instanceof Map) {
                return Php.in(normalize(subject), pattern);
            }
            if (!(pattern instanceof String)) {
                throw new ExpressionException("The right operand of '=~' must be a regular expression, not "
                        + Php.describe(pattern), null);
            }
            return find((String) pattern, subject);
        }

        public Object range(Object a, Object b) {
            return Php.range(normalize(a), normalize(b), limits);
        }

        public Object pow(Object a, Object b) {
            return Php.power(normalize(a), normalize(b));
        }

        public Object bitor(Object a, Object b) {
            return Php.bitwise("|", normalize(a), normalize(b));
        }

        public Object bitand(Object a, Object b) {
            return Php.bitwise("&", normalize(a), normalize(b));
        }

        public Object bitxor(Object a, Object b) {
            return Php.bitwise("^", normalize(a), normalize(b));
        }

        public Object list(Object... items) {
            if (items == null) {
                items = new Object[] {null};
            }
            List<Object> out = new ArrayList<>(items.length);
            for (Object o : items) {
                out.add(Functions.plain(normalize(o)));
            }
            return Collections.unmodifiableList(out);
        }

        public Object map(Object... keysAndValues) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keysAndValues.length; i += 2) {
                out.put((String) keysAndValues[i], Functions.plain(normalize(keysAndValues[i + 1])));
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /** JEXL arithmetic with PHP semantics; every operator delegates to {@link Php}. */
    static final class PhpArithmetic extends JexlArithmetic {

        PhpArithmetic() {
            super(true);
        }

        @Override
        protected JexlArithmetic createWithOptions(boolean strict, MathContext context, int scale) {
            return this;
        }

        /**
         * Comparisons, signs and {@code !} take null as PHP does ({@code null < false} is false, {@code -null} is 0,
         * {@code !null} is true) instead of JEXL's strict refusal of a null operand, so that they give what the
         * compiled evaluator gives.
         */
        @Override
        public boolean isStrict(org.apache.commons.jexl3.JexlOperator operator) {
            switch (operator) {
                case LT: case LTE: case GT: case GTE: case EQ: case NEGATE: case POSITIVIZE: case NOT:
                    return false;
                default:
                    return super.isStrict(operator);
            }
        }

        @Override
        public Object add(Object left, Object right) {
            return Php.add(normalize(left), normalize(right));
        }

        @Override
        public Object subtract(Object left, Object right) {
            return Php.subtract(normalize(left), normalize(right));
        }

        @Override
        public Object multiply(Object left, Object right) {
            return Php.multiply(normalize(left), normalize(right));
        }

        @Override
        public Object divide(Object left, Object right) {
            return Php.divide(normalize(left), normalize(right));
        }

        @Override
        public Object mod(Object left, Object right) {
            return Php.modulo(normalize(left), normalize(right));
        }

        @Override
        public Object negate(Object val) {
            return Php.negate(normalize(val));
        }

        @Override
        public Object positivize(Object val) {
            return Php.plus(normalize(val));
        }

        @Override
        public Object not(Object val) {
            return !Php.truthy(normalize(val));
        }

        @Override
        public boolean equals(Object left, Object right) {
            return Php.looseEquals(normalize(left), normalize(right));
        }

        @Override
        public boolean lessThan(Object left, Object right) {
            return Php.compare(normalize(left), normalize(right)) < 0;
        }

        @Override
        public boolean greaterThan(Object left, Object right) {
            return Php.compare(normalize(left), normalize(right)) > 0;
        }

        @Override
        public boolean lessThanOrEqual(Object left, Object right) {
            return Php.compare(normalize(left), normalize(right)) <= 0;
        }

        @Override
        public boolean greaterThanOrEqual(Object left, Object right) {
            return Php.compare(normalize(left), normalize(right)) >= 0;
        }

        @Override
        public boolean testPredicate(Object object) {
            return Php.truthy(normalize(object));
        }

        @Override
        public boolean toBoolean(Object val) {
            return Php.truthy(normalize(val));
        }

        @Override
        protected boolean toBoolean(boolean strict, Object val) {
            return Php.truthy(normalize(val));
        }
    }
}
