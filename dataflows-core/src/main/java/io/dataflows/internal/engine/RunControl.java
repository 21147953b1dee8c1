package io.dataflows.internal.engine;

import io.dataflows.ReaderProgress;
import io.dataflows.RunHandle;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stopping a run, and watching it from other threads. A stop — a cancellation (caller, timeout, interrupt) or a
 * step failure — is one volatile field that the run checks between records ({@link #checkpoint}) and between
 * steps; a failure is put there too, so that a step that swallows the exception thrown from {@code emit} still
 * stops at the next checkpoint.
 *
 * <p>While step code runs, a cancellation also interrupts the run's thread, to wake a step that blocks (a sleep, a
 * JDBC statement, a lock). Outside step code — while opened steps are closed and the run record is written — the
 * thread is never interrupted by a cancellation, and an interrupt that arrived is cleared, so that closing files
 * and writing the state store are not broken by it; an interrupt that did not come from a cancellation is restored
 * when the run ends, for the caller of {@code DataflowEngine.run} to see.
 *
 * <p>An interrupt does not wake a step blocked in a call that ignores it (a JDBC driver waiting for the database's
 * answer): such a step registers a {@link CancelHook} ({@code StepContext.onCancel}), which a cancellation calls on
 * the cancelling thread, after the interrupt and outside this object's lock.
 */
public final class RunControl implements RunHandle {

    /** Reason of a stop caused by {@link Thread#interrupt()} of the run's thread. */
    static final String INTERRUPTED = "interrupted";

    private final String dataflow;
    private final CompletableFuture<RunResult> future = new CompletableFuture<>();
    private volatile RunSignal stop;
    private volatile RunStatus status = RunStatus.NEW;
    private volatile String runId;
    private volatile List<StepRuntime> readers = List.of();
    /** The thread running step code, while it may be interrupted; guarded by this. */
    private Thread interruptible;
    /**
     * Other threads running step code beside the run's thread (the steps downstream of a reader that reads ahead, a
     * step that writes behind); guarded by this.
     */
    private final List<Thread> helpers = new ArrayList<>(2);
    /** Whether this control interrupted the run's thread; guarded by this. */
    private boolean interruptedByUs;
    /** Whether an interrupt (ours or not) was cleared when step code ended; run thread only. */
    private boolean sawInterrupt;
    /** The cancel actions of steps now in a blocking call; guarded by this. */
    private final List<CancelHook> hooks = new ArrayList<>(2);

    public RunControl(String dataflow) {
        this.dataflow = dataflow;
    }

    @Override
    public String dataflowName() {
        return dataflow;
    }

    @Override
    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    @Override
    public RunStatus status() {
        return status;
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public boolean cancel(String reason) {
        java.util.Objects.requireNonNull(reason, "reason");
        CancelHook[] toFire;
        synchronized (this) {
            if (future.isDone() || stop != null) {
                return false;
            }
            stop = RunSignal.cancelled(reason);
            if (interruptible != null) {
                interruptedByUs = true;
                interruptible.interrupt();
            }
            for (Thread helper : helpers) {
                helper.interrupt();
            }
            toFire = hooks.toArray(new CancelHook[0]);
            hooks.clear();
        }
        // Outside the lock: an action may take a while (a cancel request over the network), and the run's thread
        // must be able to close its registration meanwhile.
        for (CancelHook hook : toFire) {
            hook.fire();
        }
        return true;
    }

    @Override
    public CompletableFuture<RunResult> result() {
        return future.copy();
    }

    @Override
    public String toString() {
        return "RunHandle[" + dataflow + (runId == null ? "" : " run " + runId) + ": " + status.label() + "]";
    }

    // ---- the run's side -----------------------------------------------------------------------------------------

    void identify(String id) {
        this.runId = id;
    }

    /** The readers of the run, in definition order, once they exist: what {@link #progress()} reports on. */
    void readers(List<StepRuntime> readers) {
        this.readers = List.copyOf(readers);
    }

    @Override
    public List<ReaderProgress> progress() {
        List<ReaderProgress> now = new ArrayList<>();
        for (StepRuntime r : readers) {
            r.progress().ifPresent(now::add);
        }
        return now;
    }

    void status(RunStatus s) {
        this.status = s;
    }

    /** Ends the handle with the run's result. */
    void complete(RunResult result) {
        status = result.status();
        synchronized (this) {
            interruptible = null;
        }
        future.complete(result);
    }

    /** Ends the handle when the run could not start or end normally. */
    void completeExceptionally(Throwable e) {
        synchronized (this) {
            interruptible = null;
        }
        future.completeExceptionally(e);
    }

    /**
     * Stops the run here if a stop was asked for, or if the thread was interrupted: called between records (one
     * volatile read and the thread's interrupt flag — no allocation) and between steps.
     */
    void checkpoint() {
        RunSignal s = stop;
        if (s != null) {
            throw s;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted();
        }
    }

    private synchronized RunSignal interrupted() {
        if (stop == null) {
            stop = RunSignal.cancelled(INTERRUPTED);
        }
        return stop;
    }

    /** Whether a stop was asked for, or the thread was interrupted. */
    boolean isStopRequested() {
        return stop != null || Thread.currentThread().isInterrupted();
    }

    /** The cancellation asked for, if any: an exception of a step after it is the cancellation's consequence. */
    RunSignal cancellation() {
        RunSignal s = stop;
        if (s == null && Thread.currentThread().isInterrupted()) {
            s = interrupted();
        }
        return s != null && s.isCancellation() ? s : null;
    }

    /**
     * Registers a step's cancel action; when the run has already been cancelled, or its thread interrupted, the
     * action runs at once on the calling thread.
     */
    CancelHook onCancel(String stepAlias, Runnable action) {
        java.util.Objects.requireNonNull(action, "action");
        CancelHook hook = new CancelHook(this, stepAlias, action);
        if (cancellation() == null) {
            synchronized (this) {
                if (stop == null || !stop.isCancellation()) {
                    hooks.add(hook);
                    return hook;
                }
            }
        }
        hook.fire();
        return hook;
    }

    /** Forgets a closed hook. */
    synchronized void unregister(CancelHook hook) {
        hooks.remove(hook);
    }

    /** Notes a step failure, so that a step that swallows it still stops at the next checkpoint. */
    void failed(RunSignal failure) {
        synchronized (this) {
            if (stop == null) {
                stop = failure;
            }
        }
    }

    /** Step code starts on this thread: a cancellation from now on interrupts it. */
    void enterSteps() {
        Thread t = Thread.currentThread();
        synchronized (this) {
            interruptible = t;
            if (stop != null && stop.isCancellation()) {
                interruptedByUs = true;
                t.interrupt();
            }
        }
    }

    /**
     * The calling thread runs step code for this run beside the run's thread until {@link #leaveHelper}: a
     * cancellation interrupts it too (at once when the run is already cancelled).
     */
    void enterHelper() {
        Thread t = Thread.currentThread();
        synchronized (this) {
            helpers.add(t);
            if (stop != null && stop.isCancellation()) {
                t.interrupt();
            }
        }
    }

    /** The helper thread is done with this run; an interrupt meant for the run is cleared from it. */
    void leaveHelper() {
        synchronized (this) {
            helpers.remove(Thread.currentThread());
        }
        Thread.interrupted();
    }

    /** Step code has ended (or failed): no more interrupts from cancellations, and a pending one is cleared. */
    void leaveSteps() {
        synchronized (this) {
            interruptible = null;
        }
        if (Thread.interrupted()) {
            sawInterrupt = true;
        }
    }

    /** At the very end of a run on the caller's thread: gives the caller back an interrupt that was not ours. */
    void restoreInterrupt() {
        boolean ours;
        synchronized (this) {
            ours = interruptedByUs;
        }
        if (sawInterrupt && !ours) {
            Thread.currentThread().interrupt();
        }
    }
}
