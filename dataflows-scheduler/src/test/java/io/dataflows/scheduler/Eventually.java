package io.dataflows.scheduler;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;

/** Waits for a condition by polling, bounded: a test never sleeps a fixed time, and never waits for ever. */
final class Eventually {

    /** The longest any test waits for something that should happen within a second or two. */
    static final long LIMIT_MILLIS = 30_000;

    private Eventually() {}

    /** Polls {@code condition} every 10 ms until it holds; fails with {@code what} after {@link #LIMIT_MILLIS}. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT_MILLIS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + LIMIT_MILLIS + " ms waiting until " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("Interrupted waiting until " + what);
            }
        }
    }
}
