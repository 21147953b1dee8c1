package io.dataflows.scheduler;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling, bounded: a test never sleeps a fixed time, and never waits for ever. */
final class Eventually {

    /** The longest any test waits for something that should happen within a second or two. */
    static final long LIMIT_MILLIS = 30_000;

    private Eventually() {}

    /** Polls {@code condition} every 10 ms until it holds; fails with {@code what} after {@link #LIMIT_MILLIS}. */
    static void until(String what, BooleanSupplier condition) {
        until(what, LIMIT_MILLIS, () -> "", condition);
    }

    /**
     * Polls {@code condition} every 10 ms until it holds; fails after {@code limitMillis} with {@code what} and
     * what {@code diagnosis} says then.
     */
    static void until(String what, long limitMillis, Supplier<String> diagnosis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limitMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Timed out after " + limitMillis + " ms waiting until " + what + diagnosis.get());
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
