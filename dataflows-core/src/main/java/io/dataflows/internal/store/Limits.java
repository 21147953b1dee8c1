package io.dataflows.internal.store;

/** The checks of the {@code limit} arguments of the stores' listing and claiming methods. */
final class Limits {

    private Limits() {}

    /** @throws IllegalArgumentException if {@code limit} is less than 1 */
    static void check(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }
}
