package io.dataflows.internal.expr;

import io.dataflows.ExpressionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.dataflows.spi.Regexes;
import java.util.regex.Pattern;

/**
 * Compiles a syntax tree into a tree of small evaluator objects. Method calls compile to calls of the allow-listed
 * {@link Methods}; operations that build text or lists check the engine's {@link ExpressionLimits}. The tree is at
 * most {@link ExpressionLimits#MAX_DEPTH} deep (the parser refuses deeper ones), so the recursion here and in the
 * evaluators is bounded.
 */
final class Compiler {

    private final ExpressionLimits limits;

    Compiler(ExpressionLimits limits) {
        this.limits = limits;
    }

    Eval compile(Node n) {
        if (n instanceof Node.Literal) {
            Object v = ((Node.Literal) n).value();
            return new Eval() {
                @Override
                Object eval(EvalContext c) {
                    return v;
                }
            };
        }
        if (n instanceof Node.Var) {
            return var(((Node.Var) n).name());
        }
        if (n instanceof Node.Member) {
            Node.Member m = (Node.Member) n;
            return access(compile(m.target()), constant(m.name()), m.nullSafe(), Printer.print(n));
        }
        if (n instanceof Node.Index) {
            Node.Index i = (Node.Index) n;
            return access(compile(i.target()), compile(i.index()), false, Printer.print(n));
        }
        if (n instanceof Node.Call) {
            return call((Node.Call) n);
        }
        if (n instanceof Node.MethodCall) {
            return method((Node.MethodCall) n);
        }
        if (n instanceof Node.Unary) {
            return unary((Node.Unary) n);
        }
        if (n instanceof Node.Binary) {
            return binary((Node.Binary) n);
        }
        if (n instanceof Node.Conditional) {
            return conditional((Node.Conditional) n);
        }
        if (n instanceof Node.ArrayLit) {
            limits.checkList(((Node.ArrayLit) n).items().size(), "The list literal");
            List<Eval> items = new ArrayList<>();
            for (Node item : ((Node.ArrayLit) n).items()) {
                items.add(compile(item));
            }
            return new Eval() {
                @Override
                Object eval(EvalContext c) {
                    List<Object> out = new ArrayList<>(items.size());
                    for (Eval e : items) {
                        out.add(Functions.plain(e.eval(c)));
                    }
                    return Collections.unmodifiableList(out);
                }
            };
        }
        Node.MapLit m = (Node.MapLit) n;
        limits.checkList(m.keys().size(), "The map literal");
        List<String> keys = m.keys();
        List<Eval> values = new ArrayList<>();
        for (Node v : m.values()) {
            values.add(compile(v));
        }
        return new Eval() {
            @Override
            Object eval(EvalContext c) {
                Map<String, Object> out = new LinkedHashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    out.put(keys.get(i), Functions.plain(values.get(i).eval(c)));
                }
                return Collections.unmodifiableMap(out);
            }
        };
    }

    private Eval method(Node.MethodCall call) {
        Eval target = compile(call.target()); // first: errors are reported left to right
        Methods.Def def = Methods.lookup(call.name(), call.args().size());
        Eval[] args = new Eval[call.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = compile(call.args().get(i));
        }
        boolean nullSafe = call.nullSafe();
        String targetText = Printer.print(call.target());
        return new Eval() {
            @Override
            Object eval(EvalContext c) {
                Object t = nullSafe ? target.lenient(c) : target.eval(c);
                if (nullSafe && (t == null || t == Access.MISSING)) {
                    return null;
                }
                Object[] values = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    values[i] = args[i].eval(c);
                }
                return Methods.invoke(def, t, values, limits, targetText);
            }
        };
    }

    private static Eval constant(Object v) {
        return new Eval() {
            @Override
            Object eval(EvalContext c) {
                return v;
            }
        };
    }

    private static Eval var(String name) {
        if (name.equals("record")) {
            return new Eval() {
                @Override
                Object eval(EvalContext c) {
                    Object v = c.record();
                    if (v == Access.MISSING) {
                        throw unknownRoot(c, name);
                    }
                    return v;
                }

                @Override
                Object lenient(EvalContext c) {
                    return c.record();
                }
            };
        }
        return new Eval() {
            @Override
            Object eval(EvalContext c) {
                Object v = c.root(name);
                if (v == Access.MISSING) {
                    throw unknownRoot(c, name);
                }
                return v;
            }

            @Override
            Object lenient(EvalContext c) {
                return c.root(name);
            }
        };
    }

    static ExpressionException unknownRoot(EvalContext c, String name) {
        return new ExpressionException("Unknown variable '" + name + "' (known: "
                + String.join(", ", c.rootNames()) + ")", null);
    }

    private static Eval access(Eval target, Eval key, boolean nullSafe, String path) {
        return new Eval() {
            @Override
            Object eval(EvalContext c) {
                Object t = nullSafe ? target.lenient(c) : target.eval(c);
                if (nullSafe && (t == null || t == Access.MISSING)) {
                    return null;
                }
                Object k = key.eval(c);
                Object v = Access.get(t, k);
                if (v == Access.MISSING) {
                    throw Access.missing(t, k, path);
                }
                return v;
            }

            @Override
            Object lenient(EvalContext c) {
                Object t = target.lenient(c);
                if (t == null || t == Access.MISSING) {
                    return nullSafe ? null : Access.MISSING;
                }
                return Access.get(t, key.eval(c));
            }
        };
    }

    private Eval call(Node.Call call) {
        String name = call.name();
        Functions.Def def = Functions.lookup(name);
        if (def == null) {
            throw Functions.unknown(name);
        }
        Functions.checkArity(def, call.args().size());
        Eval[] args = new Eval[call.args().size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = compile(call.args().get(i));
        }
        if (name.equals("isset")) {
            return new Eval() {
                @Override
                Object eval(EvalContext c) {
                    for (Eval a : args) {
                        Object v = a.lenient(c);
                        if (v == null || v == Access.MISSING) {
                            return Boolean.FALSE;
                        }
                    }
                    return Boolean.TRUE;
                }
            };
        }
        Functions.Fn fn = def.fn();
        return new Eval() {
            @Override
            Object eval(EvalContext c) {
                Object[] values = new Object[args.length];
                for (int i = 0; i < args.length; i++) {
                    values[i] = args[i].eval(c);
                }
                return fn.apply(values, c, limits);
            }
        };
    }

    private Eval unary(Node.Unary u) {
        Eval x = compile(u.operand());
        switch (u.op()) {
            case "not":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return !Php.truthy(x.eval(c));
                    }
                };
            case "-":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.negate(x.eval(c));
                    }
                };
            default:
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.plus(x.eval(c));
                    }
                };
        }
    }

    private Eval conditional(Node.Conditional n) {
        Eval cond = compile(n.cond());
        Eval otherwise = compile(n.otherwise());
        if (n.then() == null) {
            return new Eval() {
                @Override
                Object eval(EvalContext c) {
                    Object v = cond.eval(c);
                    return Php.truthy(v) ? v : otherwise.eval(c);
                }
            };
        }
        Eval then = compile(n.then());
        return new Eval() {
            @Override
            Object eval(EvalContext c) {
                return Php.truthy(cond.eval(c)) ? then.eval(c) : otherwise.eval(c);
            }
        };
    }

    private Eval binary(Node.Binary b) {
        Eval l = compile(b.left());
        Eval r = compile(b.right());
        switch (b.op()) {
            case "and":
            case "&&":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.truthy(l.eval(c)) && Php.truthy(r.eval(c));
                    }
                };
            case "or":
            case "||":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.truthy(l.eval(c)) || Php.truthy(r.eval(c));
                    }
                };
            case "??":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        Object v = l.lenient(c);
                        return v == null || v == Access.MISSING ? r.eval(c) : v;
                    }

                    @Override
                    Object lenient(EvalContext c) {
                        Object v = l.lenient(c);
                        return v == null || v == Access.MISSING ? r.lenient(c) : v;
                    }
                };
            case "matches":
                return matches(b, l, r, false);
            case "=~":
                return matches(b, l, r, true);
            case "!~": {
                Eval m = matches(b, l, r, true);
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return !(Boolean) m.eval(c);
                    }
                };
            }
            default:
                return arithmetic(b.op(), l, r);
        }
    }

    private Eval arithmetic(String op, Eval l, Eval r) {
        switch (op) {
            case "==":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.looseEquals(l.eval(c), r.eval(c));
                    }
                };
            case "!=":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return !Php.looseEquals(l.eval(c), r.eval(c));
                    }
                };
            case "===":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.identical(l.eval(c), r.eval(c));
                    }
                };
            case "!==":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return !Php.identical(l.eval(c), r.eval(c));
                    }
                };
            case "<":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.compare(l.eval(c), r.eval(c)) < 0;
                    }
                };
            case ">":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.compare(l.eval(c), r.eval(c)) > 0;
                    }
                };
            case "<=":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.compare(l.eval(c), r.eval(c)) <= 0;
                    }
                };
            case ">=":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.compare(l.eval(c), r.eval(c)) >= 0;
                    }
                };
            case "in":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.in(l.eval(c), r.eval(c));
                    }
                };
            case "not in":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return !Php.in(l.eval(c), r.eval(c));
                    }
                };
            case "..":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.range(l.eval(c), r.eval(c), limits);
                    }
                };
            case "+":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.add(l.eval(c), r.eval(c));
                    }
                };
            case "-":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.subtract(l.eval(c), r.eval(c));
                    }
                };
            case "*":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.multiply(l.eval(c), r.eval(c));
                    }
                };
            case "/":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.divide(l.eval(c), r.eval(c));
                    }
                };
            case "%":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.modulo(l.eval(c), r.eval(c));
                    }
                };
            case "**":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.power(l.eval(c), r.eval(c));
                    }
                };
            case "~":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.concat(l.eval(c), r.eval(c), limits);
                    }
                };
            case "|":
            case "&":
            case "^":
                return new Eval() {
                    @Override
                    Object eval(EvalContext c) {
                        return Php.bitwise(op, l.eval(c), r.eval(c));
                    }
                };
            default:
                throw new ExpressionException("Unsupported operator '" + op + "'", null);
        }
    }

    /**
     * {@code matches} tests a PCRE-style pattern ({@code '/^a/i'}) or a plain Java pattern and yields 1 or 0, as PHP's
     * {@code preg_match()} behind it did (so {@code (a matches b) + 1} and {@code ~} give what PHP flows expect);
     * {@code =~} (JEXL) yields a boolean and also accepts a list on the right, meaning {@code in}.
     */
    private Eval matches(Node.Binary b, Eval l, Eval r, boolean jexlStyle) {
        Pattern constant = null;
        if (b.right() instanceof Node.Literal && ((Node.Literal) b.right()).value() instanceof String) {
            constant = Regexes.compile((String) ((Node.Literal) b.right()).value());
        }
        Pattern fixed = constant;
        long steps = limits.regexStepLimit();
        return new Eval() {
            @Override
            Object eval(EvalContext c) {
                Object subject = l.eval(c);
                if (fixed != null) {
                    return result(Regexes.find(fixed, Php.text(subject), steps) != null);
                }
                Object pattern = r.eval(c);
                if (jexlStyle && (pattern instanceof java.util.Collection || pattern instanceof Map)) {
                    return Php.in(subject, pattern);
                }
                if (!(pattern instanceof String)) {
                    throw new ExpressionException("The right operand of '" + b.op()
                            + "' must be a regular expression, not " + Php.describe(pattern), null);
                }
                return result(Regexes.find(Regexes.compile((String) pattern), Php.text(subject), steps) != null);
            }

            /** {@code matches} yields PHP's preg_match() result, 1 or 0; {@code =~} a boolean. */
            private Object result(boolean found) {
                return jexlStyle ? (Object) found : (Object) (found ? 1L : 0L);
            }
        };
    }
}
