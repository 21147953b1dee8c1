package io.dataflows.internal.expr;

/**
 * What an expression sees while it is evaluated: the root names of the variable tree and the run's clock.
 * One context belongs to one scope (a step, or the dataflow); it is used by one thread at a time.
 */
public interface EvalContext {

    /**
     * Resolves a root name ({@code record}, {@code dataflow}, {@code steps}, ...), or returns
     * {@link Access#MISSING}. Names that are not top-level scopes resolve relative to the context's own step.
     */
    Object root(String name);

    /** Names available at the root, for error messages. */
    java.util.Collection<String> rootNames();

    /** The current record of the context's step, or {@link Access#MISSING}. Fast path for {@code record}. */
    default Object record() {
        return root("record");
    }

    /** Current time in epoch milliseconds. */
    long nowMillis();

    /** The time zone used by {@code date()} and {@code strtotime()}. */
    java.time.ZoneId zone();

    /** The language of day and month names in {@code userdate()}. */
    default java.util.Locale locale() {
        return java.util.Locale.ENGLISH;
    }

    /** Looks up an absolute dotted path ({@code dataflow.vars.x}); {@link Access#MISSING} when absent. */
    default Object path(String dotted) {
        String[] parts = dotted.split("\\.");
        Object v = root(parts[0]);
        for (int i = 1; i < parts.length && v != Access.MISSING; i++) {
            v = Access.get(v, parts[i]);
        }
        return v;
    }
}
