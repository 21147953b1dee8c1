package io.dataflows.internal.engine;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/**
 * The threads that work for a run beside the run's thread — the steps downstream of a reader that reads ahead
 * ({@link ReadAhead}), a step that writes behind ({@link WriteBehind}) — and the hand-overs between them, which an
 * interrupt must not break: a cancellation interrupts every thread of a run to wake a step that blocks, but records
 * already handed over, and the end of the stream, must still arrive.
 */
final class HelperThreads {

    /**
     * Shared by every engine: created when a run needs one, kept a minute for the next run, daemons so that they
     * never keep the JVM alive.
     */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "dataflows-downstream-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    private HelperThreads() {
    }

    /**
     * Runs {@code work} on a helper thread of the run that {@code control} stops, with the calling thread's logging
     * context; a cancellation of the run interrupts it. The returned latch is counted down once {@code work} has
     * returned or thrown, so what it wrote is visible to whoever awaits the latch.
     */
    static CountDownLatch start(RunControl control, Runnable work) {
        CountDownLatch done = new CountDownLatch(1);
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        THREADS.execute(() -> {
            if (mdc != null) {
                MDC.setContextMap(mdc);
            }
            control.enterHelper();
            try {
                work.run();
            } finally {
                control.leaveHelper();
                MDC.clear();
                done.countDown();
            }
        });
        return done;
    }

    /** Puts even when interrupted (the other side always takes), and keeps the interrupt for the caller. */
    static <T> void putUninterruptibly(BlockingQueue<T> queue, T item) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(item);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Takes the next item. A cancellation interrupts a helper thread to wake a step; between two items it has
     * nothing to wake, and the run's stop reaches it by other means.
     */
    static <T> T take(BlockingQueue<T> queue) {
        while (true) {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                // see above
            }
        }
    }

    /** Waits even when interrupted, and keeps the interrupt for the caller. */
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Throws {@code t} — what a helper thread met that is not the run's stop — when there is one. */
    static void rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
            throw (RuntimeException) t;
        }
        if (t instanceof Error) {
            throw (Error) t;
        }
    }
}
