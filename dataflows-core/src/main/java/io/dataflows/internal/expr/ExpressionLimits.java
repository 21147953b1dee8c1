package io.dataflows.internal.expr;

import io.dataflows.ExpressionException;

/**
 * How much one expression may build, and how much work one regular expression match may take. Flows are data that
 * may come from outside, so an expression must not be able to exhaust the heap or a thread: every operation that
 * produces text or a list checks the size it is about to produce against these limits before it allocates, and
 * throws an {@link ExpressionException} naming the limit when it is exceeded.
 *
 * <p>Nesting is bounded separately by {@link #MAX_DEPTH}, a constant: it protects the thread's stack, which the
 * engine cannot size, so it is not a setting.
 *
 * @param maxStringLength the most characters of text an operation may produce, and a variable may hold in total
 * @param maxListSize the most items of a list or map an operation may produce, and a variable may hold in total
 * @param regexStepLimit the most characters one regular expression match may read, backtracking included
 */
public record ExpressionLimits(int maxStringLength, int maxListSize, long regexStepLimit) {

    /**
     * The deepest an expression may nest: brackets, calls, operators and member accesses each add a level. With
     * 128 the parser, the compiled closures and JEXL all stay well inside a 512 KB thread stack; real expressions
     * nest fewer than 20 levels.
     */
    public static final int MAX_DEPTH = 128;

    /**
     * 16 Mi characters (32 MB of text): far more than a field, a file name or a message needs, small enough that a
     * handful of such values fit any heap a dataflow runs in.
     */
    public static final int DEFAULT_MAX_STRING_LENGTH = 16 * 1024 * 1024;

    /** 1 Mi items: a list of a million boxed numbers is about 20 MB, already more than variables are meant for. */
    public static final int DEFAULT_MAX_LIST_SIZE = 1024 * 1024;

    /**
     * 100 million character reads: a linear scan of the longest allowed text needs fewer than 20 million, while a
     * catastrophically backtracking pattern reaches the limit in about a second and fails instead of running for
     * years.
     */
    public static final long DEFAULT_REGEX_STEP_LIMIT = 100_000_000L;

    /** The defaults. */
    public static final ExpressionLimits DEFAULTS = new ExpressionLimits(DEFAULT_MAX_STRING_LENGTH,
            DEFAULT_MAX_LIST_SIZE, DEFAULT_REGEX_STEP_LIMIT);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when a limit is not positive
     */
    public ExpressionLimits {
        if (maxStringLength < 1) {
            throw new IllegalArgumentException("maxStringLength must be positive: " + maxStringLength);
        }
        if (maxListSize < 1) {
            throw new IllegalArgumentException("maxListSize must be positive: " + maxListSize);
        }
        if (regexStepLimit < 1) {
            throw new IllegalArgumentException("regexStepLimit must be positive: " + regexStepLimit);
        }
    }

    /**
     * Checks the length of text an operation is about to produce.
     *
     * @param length the length it would have (a long, so that sums of two lengths cannot overflow)
     * @param what the operation, for the message ({@code "'~'"}, {@code "repeat()"})
     * @throws ExpressionException when {@code length} exceeds {@link #maxStringLength}
     */
    public void checkText(long length, String what) {
        if (length > maxStringLength) {
            throw textTooLong(length, what);
        }
    }

    /**
     * Checks the size of a list or map an operation is about to produce.
     *
     * @throws ExpressionException when {@code size} exceeds {@link #maxListSize}
     */
    public void checkList(long size, String what) {
        if (size > maxListSize) {
            throw listTooLarge(size, what);
        }
    }

    ExpressionException textTooLong(long length, String what) {
        return new ExpressionException(what + " would produce text of " + length + " characters; the limit is "
                + maxStringLength + " (maxStringLength)", null);
    }

    ExpressionException listTooLarge(long size, String what) {
        return new ExpressionException(what + " would produce a list of " + size + " items; the limit is "
                + maxListSize + " (maxListSize)", null);
    }
}
