package io.dataflows.internal.engine;

import io.dataflows.DataRecord;
import io.dataflows.spi.AsyncRecordTask;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.TaskResult;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs an {@link AsyncRecordTask} for up to {@code concurrency} records at once and passes the records on in input
 * order. Everything here happens on the run's thread; only the tasks complete elsewhere. Memory is bounded by the
 * window: at most {@code concurrency} records are held.
 */
final class ConcurrentProcessor implements RecordProcessor {

    private final StepRuntime step;
    private final RunControl control;
    private final AsyncRecordTask task;
    private final int concurrency;
    private final ArrayDeque<InFlight> inFlight;

    ConcurrentProcessor(StepRuntime step, RunControl control, int concurrency, AsyncRecordTask task) {
        this.step = step;
        this.control = control;
        this.concurrency = concurrency;
        this.task = task;
        this.inFlight = new ArrayDeque<>(concurrency);
    }

    @Override
    public void process(DataRecord record, Emitter out) throws Exception {
        step.defer();
        long row = step.currentSourceRecord();
        CompletableFuture<TaskResult> started = task.start(record).toCompletableFuture();
        inFlight.addLast(new InFlight(record, row, started));
        while (inFlight.size() >= concurrency) {
            passOnOldest(out);
        }
        while (!inFlight.isEmpty() && inFlight.peekFirst().result.isDone()) {
            passOnOldest(out);
        }
    }

    @Override
    public void finish(Emitter out) throws Exception {
        while (!inFlight.isEmpty()) {
            passOnOldest(out);
        }
    }

    @Override
    public void close() {
        InFlight f;
        while ((f = inFlight.pollFirst()) != null) {
            f.result.cancel(true);
        }
    }

    /** Waits for the oldest record's task, then positions the step on that record and passes it on. */
    private void passOnOldest(Emitter out) throws Exception {
        InFlight oldest = inFlight.peekFirst();
        TaskResult result;
        try {
            result = oldest.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            control.checkpoint();
            throw e;
        } catch (ExecutionException | CancellationException e) {
            control.checkpoint();
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw step.failures().failed(step, cause, oldest.sourceRecord);
        }
        inFlight.pollFirst();
        if (result == null) {
            throw step.failures().failed(step, new IllegalStateException("the step's task completed with no result"),
                    oldest.sourceRecord);
        }
        step.resume(oldest.record, result.outputs(), oldest.sourceRecord);
        if (result.record() != null) {
            out.emit(result.record());
        }
    }

    private static final class InFlight {
        final DataRecord record;
        final long sourceRecord;
        final CompletableFuture<TaskResult> result;

        InFlight(DataRecord record, long sourceRecord, CompletableFuture<TaskResult> result) {
            this.record = record;
            this.sourceRecord = sourceRecord;
            this.result = result;
        }
    }
}
