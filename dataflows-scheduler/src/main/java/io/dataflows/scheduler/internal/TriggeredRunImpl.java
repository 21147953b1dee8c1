package io.dataflows.scheduler.internal;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.RunHandle;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.Trigger;
import io.dataflows.scheduler.TriggeredRun;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A run a trigger asked for, as a task of the scheduler's worker pool: the worker starts it with
 * {@link DataflowEngine#start} and waits for its end, so the pool's size bounds how many triggered runs go on at
 * once, while the run itself keeps the engine's thread and cancellation. What follows a run (a retry, the next event
 * run) is done by {@link Callbacks#ended} on the worker before {@link #result()} completes, so whoever sees the
 * result sees its consequences too.
 */
public final class TriggeredRunImpl implements TriggeredRun, Runnable {

    /** What the scheduler does when the run starts and ends; called on the run's and the worker's thread. */
    interface Callbacks {
        /** The run is recorded as {@code runId}. */
        void started(TriggeredRunImpl run, String runId);

        /** The run ended with {@code result}, or could not start or end ({@code failure}); exactly one is set. */
        void ended(TriggeredRunImpl run, @Nullable RunResult result, @Nullable Throwable failure);
    }

    private final DataflowEngine engine;
    private final Dataflow flow;
    private final RunOptions options;
    private final Trigger trigger;
    private final Map<String, Object> details;
    private final int retryNumber;
    private final Callbacks callbacks;
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private final CountDownLatch startedOrEnded = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile @Nullable RunHandle delegate;
    private volatile @Nullable String runId;
    /** Guarded by this: the worker took the task (it can no longer be withdrawn from the queue). */
    private boolean taken;
    /** Guarded by this: why the run was cancelled before its handle existed, or null. */
    private @Nullable String cancelReason;

    TriggeredRunImpl(DataflowEngine engine, Dataflow flow, RunOptions options, Trigger trigger,
            Map<String, ?> details, int retryNumber, Callbacks callbacks) {
        this.engine = engine;
        this.flow = flow;
        this.options = options;
        this.trigger = trigger;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
        this.retryNumber = retryNumber;
        this.callbacks = callbacks;
    }

    /** The version of the dataflow this run runs. */
    Dataflow flow() {
        return flow;
    }

    /** For a cron run, which retry it is (0: a regular firing). */
    int retryNumber() {
        return retryNumber;
    }

    @Override
    public void run() {
        synchronized (this) {
            if (cancelReason != null) {
                return;
            }
            taken = true;
        }
        RunHandle handle;
        try {
            handle = engine.start(flow, options.toBuilder().trigger(trigger, details).listener(new Watcher())
                    .build());
        } catch (RuntimeException | Error e) {
            end(null, e);
            return;
        }
        String pendingCancel;
        synchronized (this) {
            delegate = handle;
            pendingCancel = cancelReason;
        }
        if (pendingCancel != null) {
            handle.cancel(pendingCancel);
        }
        RunResult ended = null;
        Throwable failure = null;
        boolean interrupted = false;
        while (true) {
            try {
                ended = handle.await();
                break;
            } catch (InterruptedException e) {
                // Workers are never interrupted by the scheduler (runs are stopped through their handles); an
                // interrupt from elsewhere must not leave the run unwatched.
                interrupted = true;
            } catch (RuntimeException | Error e) {
                failure = e;
                break;
            }
        }
        end(ended, failure);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void end(@Nullable RunResult ended, @Nullable Throwable failure) {
        try {
            callbacks.ended(this, ended, failure);
        } finally {
            // The result before the start latch: whoever waited for the start of a run that ended without
            // starting finds it done.
            if (ended != null) {
                result.complete(ended);
            } else {
                result.completeExceptionally(failure);
            }
            startedOrEnded.countDown();
            finished.countDown();
        }
    }

    /**
     * Withdraws the run before a worker took it.
     *
     * @return true if it was withdrawn (it will never run), false if a worker took it already
     */
    boolean withdraw(String reason) {
        synchronized (this) {
            if (taken || cancelReason != null) {
                return false;
            }
            cancelReason = reason;
        }
        end(null, new DataflowException("The " + trigger.label() + " run of dataflow '" + flow.name()
                + "' was withdrawn before it started: " + reason, flow.name(), null, null));
        return true;
    }

    /** Whether the run was withdrawn before a worker took it (it never ran). */
    synchronized boolean wasWithdrawn() {
        return cancelReason != null && !taken;
    }

    /** Waits at most {@code timeout} until the run ended and its consequences were handled. */
    boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public Trigger trigger() {
        return trigger;
    }

    @Override
    public Map<String, Object> triggerDetails() {
        return details;
    }

    @Override
    public boolean awaitStart(Duration timeout) throws InterruptedException {
        return startedOrEnded.await(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public String dataflowName() {
        return flow.name();
    }

    @Override
    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    @Override
    public RunStatus status() {
        RunHandle h = delegate;
        if (h != null) {
            return h.status();
        }
        synchronized (this) {
            return cancelReason != null ? RunStatus.CANCELLED : RunStatus.NEW;
        }
    }

    @Override
    public boolean isDone() {
        return result.isDone();
    }

    @Override
    public boolean cancel(String reason) {
        RunHandle h;
        synchronized (this) {
            h = delegate;
            if (h == null) {
                if (cancelReason != null) {
                    return false;
                }
                if (taken) {
                    // Between the worker taking the task and the engine's handle: the worker cancels it.
                    cancelReason = reason;
                    return true;
                }
            }
        }
        return h != null ? h.cancel(reason) : withdraw(reason);
    }

    @Override
    public CompletableFuture<RunResult> result() {
        return result;
    }

    @Override
    public String toString() {
        return "TriggeredRun[" + flow.name() + ", " + trigger.label() + (runId == null ? "" : ", run " + runId)
                + ", " + status().label() + "]";
    }

    /** Learns the run id on the run's thread. */
    private final class Watcher implements RunListener {
        @Override
        public void runStarted(RunInfo run) {
            runId = run.runId();
            try {
                callbacks.started(TriggeredRunImpl.this, run.runId());
            } finally {
                startedOrEnded.countDown();
            }
        }

        @Override
        public void runBlocked(RunResult blocked) {
            // Counted down by end(), once the blocked result is there for whoever waited for the start.
            runId = blocked.runId();
        }
    }
}
