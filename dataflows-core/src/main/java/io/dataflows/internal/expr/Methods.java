package io.dataflows.internal.expr;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods expressions may call ({@code record.email.toLowerCase()}): an explicit allow-list per kind of
 * receiver, with Java's semantics. Nothing else is reachable — no reflection, no classes, no host objects — and
 * every method that can build something large checks the size before it allocates, against the engine's
 * {@link ExpressionLimits}. Regular expressions ({@code matches}, {@code split}, {@code replaceAll},
 * {@code replaceFirst}) run with the engine's step budget.
 *
 * <table>
 * <caption>Allowed methods</caption>
 * <tr><th>receiver</th><th>methods</th></tr>
 * <tr><td>text</td><td>{@code length() isEmpty() isBlank() trim() strip() stripLeading() stripTrailing()
 *     toUpperCase() toLowerCase() substring(begin[, end]) charAt(i) indexOf(s[, from]) lastIndexOf(s[, from])
 *     contains(s) startsWith(s) endsWith(s) equals(x) equalsIgnoreCase(s) compareTo(s) compareToIgnoreCase(s)
 *     concat(s) repeat(n) replace(target, replacement) replaceAll(regex, replacement)
 *     replaceFirst(regex, replacement) matches(regex) split(regex[, limit]) toString()}</td></tr>
 * <tr><td>number</td><td>{@code intValue() longValue() doubleValue() isNaN() isInfinite() compareTo(n) equals(x)
 *     toString()}</td></tr>
 * <tr><td>boolean</td><td>{@code booleanValue() compareTo(b) equals(x) toString()}</td></tr>
 * <tr><td>list</td><td>{@code size() isEmpty() contains(x) containsAll(list) get(i) indexOf(x) lastIndexOf(x)
 *     subList(from, to) equals(x)}</td></tr>
 * <tr><td>map (and record)</td><td>{@code size() isEmpty() containsKey(k) containsValue(v) get(k)
 *     getOrDefault(k, default) keySet() values() equals(x)}</td></tr>
 * </table>
 *
 * <p>{@code formatted}, {@code format}, {@code indent}, {@code getClass}, {@code getBytes}, {@code chars} and every
 * other method are refused when the expression is compiled. {@code toUpperCase} and {@code toLowerCase} use
 * {@link Locale#ROOT}, so results do not depend on the host's locale.
 */
final class Methods {

    /** The kinds of values a method can be called on. */
    enum Receiver {
        TEXT("text"), NUMBER("a number"), BOOLEAN("a boolean"), LIST("a list"), MAP("a map");

        final String description;

        Receiver(String description) {
            this.description = description;
        }
    }

    /** One method of one receiver kind; {@code receiver} is already converted (a String, a Number, a List, ...). */
    @FunctionalInterface
    interface Impl {
        Object apply(Object receiver, Object[] args, ExpressionLimits limits);
    }

    /** A method name with a number of arguments, and its implementation for each receiver kind that has it. */
    static final class Def {
        final String name;
        final int arity;
        final Map<Receiver, Impl> impls = new EnumMap<>(Receiver.class);

        Def(String name, int arity) {
            this.name = name;
            this.arity = arity;
        }
    }

    private static final Map<String, Def> DEFS = new TreeMap<>();
    private static final Map<Receiver, TreeSet<String>> NAMES = new EnumMap<>(Receiver.class);

    static {
        // text
        text("length", 0, (s, a, l) -> (long) s.length());
        text("isEmpty", 0, (s, a, l) -> s.isEmpty());
        text("isBlank", 0, (s, a, l) -> s.isBlank());
        text("trim", 0, (s, a, l) -> s.trim());
        text("strip", 0, (s, a, l) -> s.strip());
        text("stripLeading", 0, (s, a, l) -> s.stripLeading());
        text("stripTrailing", 0, (s, a, l) -> s.stripTrailing());
        text("toUpperCase", 0, (s, a, l) -> checked(s.toUpperCase(Locale.ROOT), "toUpperCase()", l));
        text("toLowerCase", 0, (s, a, l) -> checked(s.toLowerCase(Locale.ROOT), "toLowerCase()", l));
        text("toString", 0, (s, a, l) -> s);
        text("substring", 1, (s, a, l) -> s.substring(integer(a, 0)));
        text("substring", 2, (s, a, l) -> s.substring(integer(a, 0), integer(a, 1)));
        text("charAt", 1, (s, a, l) -> String.valueOf(s.charAt(integer(a, 0))));
        text("indexOf", 1, (s, a, l) -> (long) s.indexOf(text(a, 0)));
        text("indexOf", 2, (s, a, l) -> (long) s.indexOf(text(a, 0), integer(a, 1)));
        text("lastIndexOf", 1, (s, a, l) -> (long) s.lastIndexOf(text(a, 0)));
        text("lastIndexOf", 2, (s, a, l) -> (long) s.lastIndexOf(text(a, 0), integer(a, 1)));
        text("contains", 1, (s, a, l) -> s.contains(text(a, 0)));
        text("startsWith", 1, (s, a, l) -> s.startsWith(text(a, 0)));
        text("endsWith", 1, (s, a, l) -> s.endsWith(text(a, 0)));
        text("equals", 1, (s, a, l) -> s.equals(a[0]));
        text("equalsIgnoreCase", 1, (s, a, l) -> s.equalsIgnoreCase(text(a, 0)));
        text("compareTo", 1, (s, a, l) -> (long) s.compareTo(text(a, 0)));
        text("compareToIgnoreCase", 1, (s, a, l) -> (long) s.compareToIgnoreCase(text(a, 0)));
        text("concat", 1, (s, a, l) -> {
            String other = text(a, 0);
            l.checkText((long) s.length() + other.length(), "concat()");
            return s.concat(other);
        });
        text("repeat", 1, (s, a, l) -> repeat(s, a[0], l));
        text("replace", 2, (s, a, l) -> replace(s, text(a, 0), text(a, 1), l));
        text("replaceAll", 2, (s, a, l) -> RegexMethods.replace(s, text(a, 0), text(a, 1), true, l));
        text("replaceFirst", 2, (s, a, l) -> RegexMethods.replace(s, text(a, 0), text(a, 1), false, l));
        text("matches", 1, (s, a, l) -> RegexMethods.matches(s, text(a, 0), l));
        text("split", 1, (s, a, l) -> RegexMethods.split(s, text(a, 0), 0, l));
        text("split", 2, (s, a, l) -> RegexMethods.split(s, text(a, 0), integer(a, 1), l));
        // numbers
        number("intValue", 0, (n, a, l) -> (long) n.intValue());
        number("longValue", 0, (n, a, l) -> n.longValue());
        number("doubleValue", 0, (n, a, l) -> n.doubleValue());
        number("isNaN", 0, (n, a, l) -> n instanceof Double && ((Double) n).isNaN());
        number("isInfinite", 0, (n, a, l) -> n instanceof Double && ((Double) n).isInfinite());
        number("compareTo", 1, (n, a, l) -> (long) Php.numericCompare(n, number(a, 0)));
        number("equals", 1, (n, a, l) -> n.equals(a[0]));
        number("toString", 0, (n, a, l) -> n instanceof BigDecimal ? Php.text(n) : n.toString());
        // booleans
        bool("booleanValue", 0, (b, a, l) -> b);
        bool("compareTo", 1, (b, a, l) -> (long) b.compareTo(bool(a, 0)));
        bool("equals", 1, (b, a, l) -> b.equals(a[0]));
        bool("toString", 0, (b, a, l) -> b.toString());
        // lists
        list("size", 0, (x, a, l) -> (long) x.size());
        list("isEmpty", 0, (x, a, l) -> x.isEmpty());
        list("contains", 1, (x, a, l) -> x.contains(a[0]));
        list("containsAll", 1, (x, a, l) -> x.containsAll(list(a, 0)));
        list("get", 1, (x, a, l) -> x.get(integer(a, 0)));
        list("indexOf", 1, (x, a, l) -> (long) x.indexOf(a[0]));
        list("lastIndexOf", 1, (x, a, l) -> (long) x.lastIndexOf(a[0]));
        list("subList", 2, (x, a, l) -> Collections.unmodifiableList(new ArrayList<>(
                x.subList(integer(a, 0), integer(a, 1)))));
        list("equals", 1, (x, a, l) -> x.equals(a[0]));
        // maps and records
        map("size", 0, (m, a, l) -> (long) m.size());
        map("isEmpty", 0, (m, a, l) -> m.isEmpty());
        map("containsKey", 1, (m, a, l) -> m.containsKey(a[0]));
        map("containsValue", 1, (m, a, l) -> m.containsValue(a[0]));
        map("get", 1, (m, a, l) -> m.get(a[0]));
        map("getOrDefault", 2, (m, a, l) -> m.containsKey(a[0]) ? m.get(a[0]) : a[1]);
        map("keySet", 0, (m, a, l) -> Collections.unmodifiableList(new ArrayList<>(m.keySet())));
        map("values", 0, (m, a, l) -> Collections.unmodifiableList(new ArrayList<>(m.values())));
        map("equals", 1, (m, a, l) -> m.equals(a[0]));
    }

    private Methods() {}

    /** The allowed method names of each receiver kind, for documentation and tests. */
    static Map<Receiver, java.util.SortedSet<String>> allowed() {
        Map<Receiver, java.util.SortedSet<String>> out = new EnumMap<>(Receiver.class);
        NAMES.forEach((kind, names) -> out.put(kind, Collections.unmodifiableSortedSet(names)));
        return Collections.unmodifiableMap(out);
    }

    /** Whether {@code name} with {@code arity} arguments is allowed on {@code kind}. */
    static boolean isAllowed(Receiver kind, String name, int arity) {
        Def def = DEFS.get(name + "/" + arity);
        return def != null && def.impls.containsKey(kind);
    }

    /**
     * The method {@code name} with {@code arity} arguments.
     *
     * @throws ExpressionException when no receiver kind has it (the expression then does not compile)
     */
    static Def lookup(String name, int arity) {
        Def def = DEFS.get(name + "/" + arity);
        if (def != null) {
            return def;
        }
        TreeSet<String> all = new TreeSet<>();
        NAMES.values().forEach(all::addAll);
        if (all.contains(name)) {
            throw new ExpressionException("Method '" + name + "' does not take " + arity + " argument"
                    + (arity == 1 ? "" : "s"), null);
        }
        throw new ExpressionException("Method '" + name + "' is not available in expressions (allowed: "
                + String.join(", ", all) + ")", null);
    }

    /**
     * Calls {@code def} on {@code target}.
     *
     * @param targetText the source text of the receiver, for messages
     * @throws ExpressionException when the receiver has no such method, or the method fails
     */
    static Object invoke(Def def, Object target, Object[] args, ExpressionLimits limits, String targetText) {
        Object receiver = receiverValue(target);
        Receiver kind = kindOf(receiver);
        if (kind == null) {
            throw new ExpressionException("Cannot call '" + def.name + "()' on null ('" + targetText
                    + "' is null)", null);
        }
        Impl impl = def.impls.get(kind);
        if (impl == null) {
            throw new ExpressionException("Method '" + def.name + "' is not available on " + kind.description
                    + " (methods of " + kind.description + ": " + String.join(", ", NAMES.get(kind)) + ")", null);
        }
        for (int i = 0; i < args.length; i++) {
            args[i] = Functions.plain(args[i]);
        }
        try {
            return JexlBridge.normalize(impl.apply(kind == Receiver.NUMBER ? Php.numeric(receiver) : receiver, args,
                    limits));
        } catch (ExpressionException e) {
            throw e;
        } catch (BoundedRegex.Failure e) {
            throw new ExpressionException(e.getMessage(), null);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ExpressionException(def.name + "(): " + e.getMessage(), null);
        }
    }

    private static Object receiverValue(Object target) {
        if (target instanceof Lookup) {
            return ((Lookup) target).materialize();
        }
        if (target instanceof DataRecord) {
            return ((DataRecord) target).asMap();
        }
        if (target instanceof Collection && !(target instanceof List)) {
            return Collections.unmodifiableList(new ArrayList<>((Collection<?>) target));
        }
        return target;
    }

    private static Receiver kindOf(Object v) {
        if (v instanceof String) {
            return Receiver.TEXT;
        }
        if (v instanceof Number) {
            return Receiver.NUMBER;
        }
        if (v instanceof Boolean) {
            return Receiver.BOOLEAN;
        }
        if (v instanceof List) {
            return Receiver.LIST;
        }
        if (v instanceof Map) {
            return Receiver.MAP;
        }
        return null;
    }

    // ---- registration ------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Typed<T> {
        Object apply(T receiver, Object[] args, ExpressionLimits limits);
    }

    private static void text(String name, int arity, Typed<String> impl) {
        register(Receiver.TEXT, name, arity, (r, a, l) -> impl.apply((String) r, a, l));
    }

    private static void number(String name, int arity, Typed<Number> impl) {
        register(Receiver.NUMBER, name, arity, (r, a, l) -> impl.apply((Number) r, a, l));
    }

    private static void bool(String name, int arity, Typed<Boolean> impl) {
        register(Receiver.BOOLEAN, name, arity, (r, a, l) -> impl.apply((Boolean) r, a, l));
    }

    private static void list(String name, int arity, Typed<List<?>> impl) {
        register(Receiver.LIST, name, arity, (r, a, l) -> impl.apply((List<?>) r, a, l));
    }

    private static void map(String name, int arity, Typed<Map<?, ?>> impl) {
        register(Receiver.MAP, name, arity, (r, a, l) -> impl.apply((Map<?, ?>) r, a, l));
    }

    private static void register(Receiver kind, String name, int arity, Impl impl) {
        DEFS.computeIfAbsent(name + "/" + arity, k -> new Def(name, arity)).impls.put(kind, impl);
        NAMES.computeIfAbsent(kind, k -> new TreeSet<>()).add(name);
    }

    // ---- arguments ---------------------------------------------------------------------------------------------

    private static String text(Object[] args, int i) {
        Object v = args[i];
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof Number || v instanceof Boolean) {
            return Php.text(v);
        }
        throw new IllegalArgumentException("argument " + (i + 1) + " must be text, not " + Php.describe(v));
    }

    private static int integer(Object[] args, int i) {
        Number n = args[i] instanceof Boolean ? null : Php.numeric(args[i]);
        if (args[i] == null || n == null || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < Integer.MIN_VALUE || n.doubleValue() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be a whole number that fits in 32"
                    + " bits, not " + Php.describe(args[i]));
        }
        return n.intValue();
    }

    private static Number number(Object[] args, int i) {
        if (!(args[i] instanceof Number)) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be a number, not "
                    + Php.describe(args[i]));
        }
        return Php.numeric(args[i]);
    }

    private static Boolean bool(Object[] args, int i) {
        if (!(args[i] instanceof Boolean)) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be a boolean, not "
                    + Php.describe(args[i]));
        }
        return (Boolean) args[i];
    }

    private static Collection<?> list(Object[] args, int i) {
        if (!(args[i] instanceof Collection)) {
            throw new IllegalArgumentException("argument " + (i + 1) + " must be a list, not "
                    + Php.describe(args[i]));
        }
        return (Collection<?>) args[i];
    }

    // ---- implementations that build ----------------------------------------------------------------------------

    private static String checked(String result, String what, ExpressionLimits limits) {
        limits.checkText(result.length(), what);
        return result;
    }

    private static String repeat(String s, Object countArg, ExpressionLimits limits) {
        Number n = countArg instanceof Boolean ? null : Php.numeric(countArg);
        if (countArg == null || n == null || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0) {
            throw new IllegalArgumentException("argument 1 must be a whole number of at least 0, not "
                    + Php.describe(countArg));
        }
        double length = n.doubleValue() * s.length();
        limits.checkText(length > Long.MAX_VALUE ? Long.MAX_VALUE : (long) length, "repeat()");
        return s.repeat(n.intValue());
    }

    private static String replace(String s, String target, String replacement, ExpressionLimits limits) {
        long occurrences;
        if (target.isEmpty()) {
            occurrences = s.length() + 1L;
        } else {
            occurrences = 0;
            for (int at = s.indexOf(target); at >= 0; at = s.indexOf(target, at + target.length())) {
                occurrences++;
            }
        }
        limits.checkText(s.length() + occurrences * (replacement.length() - target.length()), "replace()");
        return s.replace(target, replacement);
    }

    /** The regular-expression methods of text, with Java's pattern syntax and the engine's step budget. */
    static final class RegexMethods {

        private static final int CACHE_LIMIT = 256;
        private static final Map<String, Pattern> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        private RegexMethods() {}

        static Pattern pattern(String regex) {
            Pattern p = CACHE.get(regex);
            if (p == null) {
                p = BoundedRegex.compileJava(regex);
                if (CACHE.size() < CACHE_LIMIT) {
                    CACHE.put(regex, p);
                }
            }
            return p;
        }

        static boolean matches(String s, String regex, ExpressionLimits limits) {
            return BoundedRegex.matches(pattern(regex), s, limits.regexStepLimit());
        }

        /** As {@link Pattern#split(CharSequence, int)}, refusing more than the list limit of pieces. */
        static List<Object> split(String s, String regex, int limit, ExpressionLimits limits) {
            Pattern p = pattern(regex);
            Matcher m = BoundedRegex.matcher(p, s, limits.regexStepLimit());
            List<Object> out = new ArrayList<>();
            int pendingEmpty = 0; // empty pieces not added yet: a split without limit drops trailing ones
            int index = 0;
            boolean limited = limit > 0;
            while (BoundedRegex.find(m)) {
                if (limited && out.size() + pendingEmpty >= limit - 1) {
                    break;
                }
                if (index == 0 && m.start() == 0 && m.end() == 0) {
                    continue; // no empty leading piece for a zero-width match at the start
                }
                String piece = s.substring(index, m.start());
                if (piece.isEmpty()) {
                    pendingEmpty++;
                } else {
                    pendingEmpty = add(out, pendingEmpty, piece, limits);
                }
                index = m.end();
            }
            if (index == 0 && out.isEmpty() && pendingEmpty == 0) {
                return List.of(s);
            }
            String rest = s.substring(index);
            if (!rest.isEmpty() || limit != 0) {
                add(out, pendingEmpty, rest, limits);
            }
            return Collections.unmodifiableList(out);
        }

        private static int add(List<Object> out, int pendingEmpty, String piece, ExpressionLimits limits) {
            limits.checkList((long) out.size() + pendingEmpty + 1, "split()");
            for (int i = 0; i < pendingEmpty; i++) {
                out.add("");
            }
            out.add(piece);
            return 0;
        }

        /**
         * As {@link Matcher#replaceAll(String)} and {@link Matcher#replaceFirst(String)}: {@code $1} and
         * {@code ${name}} insert groups, a backslash escapes. The length of each replacement is known before it is
         * appended, so the result is refused before it grows past the text limit.
         */
        static String replace(String s, String regex, String replacement, boolean all, ExpressionLimits limits) {
            Pattern p = pattern(regex);
            Matcher m = BoundedRegex.matcher(p, s, limits.regexStepLimit());
            String what = all ? "replaceAll()" : "replaceFirst()";
            List<Object> parts = null;
            StringBuilder sb = null;
            int last = 0;
            while (BoundedRegex.find(m)) {
                if (sb == null) {
                    // As Matcher, the replacement is read only once there is something to replace.
                    parts = Replacement.parse(replacement, m.groupCount());
                    sb = new StringBuilder();
                }
                limits.checkText((long) sb.length() + (m.start() - last) + Replacement.length(parts, m), what);
                sb.append(s, last, m.start());
                Replacement.append(parts, m, s, sb);
                last = m.end();
                if (!all) {
                    break;
                }
            }
            if (sb == null) {
                return s;
            }
            limits.checkText((long) sb.length() + (s.length() - last), what);
            return sb.append(s, last, s.length()).toString();
        }
    }

    /** A parsed replacement text of {@code replaceAll}: literal text, group numbers and group names. */
    static final class Replacement {

        private Replacement() {}

        /** Parses {@code text} as {@link Matcher#appendReplacement} reads it. */
        static List<Object> parse(String text, int groupCount) {
            List<Object> parts = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '\\') {
                    i++;
                    if (i == text.length()) {
                        throw new IllegalArgumentException("character to be escaped is missing");
                    }
                    literal.append(text.charAt(i++));
                } else if (c == '$') {
                    i++;
                    if (i == text.length()) {
                        throw new IllegalArgumentException("Illegal group reference: group index is missing");
                    }
                    if (literal.length() > 0) {
                        parts.add(literal.toString());
                        literal.setLength(0);
                    }
                    if (text.charAt(i) == '{') {
                        int end = ++i;
                        while (end < text.length() && isAsciiLetterOrDigit(text.charAt(end))) {
                            end++;
                        }
                        if (end == i) {
                            throw new IllegalArgumentException("named capturing group has 0 length name");
                        }
                        if (end == text.length() || text.charAt(end) != '}') {
                            throw new IllegalArgumentException("named capturing group is missing trailing '}'");
                        }
                        String name = text.substring(i, end);
                        if (Character.isDigit(name.charAt(0))) {
                            throw new IllegalArgumentException("capturing group name {" + name
                                    + "} starts with digit character");
                        }
                        parts.add(new StringBuilder(name)); // a name, told apart from literal text by its type
                        i = end + 1;
                    } else {
                        int group = text.charAt(i) - '0';
                        if (group < 0 || group > 9) {
                            throw new IllegalArgumentException("Illegal group reference");
                        }
                        i++;
                        while (i < text.length()) {
                            int digit = text.charAt(i) - '0';
                            if (digit < 0 || digit > 9 || group * 10 + digit > groupCount) {
                                break;
                            }
                            group = group * 10 + digit;
                            i++;
                        }
                        if (group > groupCount) {
                            throw new IndexOutOfBoundsException("No group " + group);
                        }
                        parts.add(group);
                    }
                } else {
                    literal.append(c);
                    i++;
                }
            }
            if (literal.length() > 0) {
                parts.add(literal.toString());
            }
            return parts;
        }

        private static boolean isAsciiLetterOrDigit(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }

        static long length(List<Object> parts, Matcher m) {
            long n = 0;
            for (Object part : parts) {
                if (part instanceof String) {
                    n += ((String) part).length();
                } else {
                    int start = part instanceof Integer ? m.start((Integer) part) : m.start(part.toString());
                    int end = part instanceof Integer ? m.end((Integer) part) : m.end(part.toString());
                    n += start < 0 ? 0 : end - start;
                }
            }
            return n;
        }

        static void append(List<Object> parts, Matcher m, String s, StringBuilder sb) {
            for (Object part : parts) {
                if (part instanceof String) {
                    sb.append((String) part);
                } else {
                    int start = part instanceof Integer ? m.start((Integer) part) : m.start(part.toString());
                    int end = part instanceof Integer ? m.end((Integer) part) : m.end(part.toString());
                    if (start >= 0) {
                        sb.append(s, start, end);
                    }
                }
            }
        }
    }
}
