package io.dataflows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ExecutionException;

/**
 * A run started with {@link DataflowEngine#start}: it goes on on its own thread while the caller watches, waits for
 * or cancels it. Thread-safe: any thread may call any method, any number of times.
 *
 * <pre>{@code
 * RunHandle handle = engine.start(flow, RunOptions.builder().timeout(Duration.ofMinutes(5)).build());
 * ...
 * handle.cancel();                                    // the run ends CANCELLED, "cancelled by caller"
 * RunResult result = handle.await();
 * }</pre>
 *
 * <h2>Cancelling</h2>
 * {@link #cancel()}, a {@link RunOptions.Builder#timeout timeout} and {@link Thread#interrupt()} of the run's
 * thread all stop a run the same way: readers and flow steps stop between two records, a step that blocks while
 * waiting or sleeping is interrupted, a running SQL statement is cancelled ({@link java.sql.Statement#cancel()},
 * registered through {@link io.dataflows.spi.StepContext#onCancel}), every opened step is closed (a writer removes
 * its unfinished file and leaves nothing under its target name), and the run ends {@link RunStatus#CANCELLED} — a clean outcome, not a
 * failure — with the reason in {@link RunResult#cancelReason()} and in the run record. A run that has already ended,
 * or that ends before it sees the request, keeps its outcome.
 *
 * <p>Only {@code cancel} and the timeout can cancel an SQL statement while it runs: an interrupt of the run's thread
 * is seen by that thread alone, so a statement then stops only if its JDBC driver honours interrupts (most do not),
 * and the run ends when the statement does.
 */
public interface RunHandle {

    /** The dataflow's name. */
    String dataflowName();

    /** The run id ({@code run.id}); empty until the run is recorded, and for a run that never started (blocked). */
    Optional<String> runId();

    /**
     * The run's status now: {@link RunStatus#NEW} until it starts, then {@code PROCESSING}; once it has ended, the
     * status of its result.
     */
    RunStatus status();

    /** True once the run has ended and {@link #result()} is complete. */
    boolean isDone();

    /**
     * How far each reader of the run has got now, in definition order: the readers that have started, with the
     * records they emitted and, when they read a file, how much of it. Cheap enough to call ten times a second while
     * the run goes on (the run itself does no extra work for it); empty before the first reader starts. After the
     * run has ended, the readers' final numbers. The default, for handles that do not track readers, is empty.
     */
    default List<ReaderProgress> progress() {
        return List.of();
    }

    /**
     * Asks the run to stop; the run ends {@code CANCELLED} with the reason "cancelled by caller".
     *
     * @return false if the run had already ended, or a stop had already been asked for
     */
    default boolean cancel() {
        return cancel("cancelled by caller");
    }

    /**
     * Asks the run to stop; the run ends {@code CANCELLED} with {@code reason} (who cancelled, e.g.
     * {@code "cancelled by alice"}) as {@link RunResult#cancelReason()} and in the run record.
     *
     * @return false if the run had already ended, or a stop had already been asked for
     */
    boolean cancel(String reason);

    /** Waits for the run to end and returns its result. */
    default RunResult await() throws InterruptedException {
        try {
            return result().get();
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    /**
     * Waits at most {@code timeout} for the run to end.
     *
     * @return the result, or empty when the run is still going on after {@code timeout}
     */
    default Optional<RunResult> await(Duration timeout) throws InterruptedException {
        try {
            return Optional.of(result().get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return Optional.empty();
        } catch (ExecutionException e) {
            throw failure(e);
        }
    }

    /**
     * The result, completed on the run's thread when the run ends; completed exceptionally only when the run could
     * not start or record itself (the state store failed) or an {@link Error} of the Java runtime stopped it.
     * Cancelling this future does not cancel the run: use {@link #cancel()}.
     */
    CompletableFuture<RunResult> result();

    /** What a failed {@link #result()} failed with, to throw from {@link #await}. */
    private static RuntimeException failure(ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException r) {
            return r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new DataflowException("The run failed: " + cause, cause);
    }
}
