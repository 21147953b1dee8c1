package io.dataflows.beam;

import io.dataflows.RunHandle;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** A run of {@link BeamRunner#start}: its pipeline goes on on a thread of its own; cancelling stops the pipeline. */
final class BeamRunHandle implements RunHandle {

    private final String dataflowName;
    private final PipelineCancel cancel = new PipelineCancel();
    private final CompletableFuture<RunResult> result = new CompletableFuture<>();
    private volatile String runId;

    BeamRunHandle(String dataflowName) {
        this.dataflowName = dataflowName;
    }

    /** Starts {@code run} on a new thread, which completes this handle with its result or failure. */
    void start(Supplier<RunResult> run) {
        // Not a daemon, as the engine's run threads: the JVM does not exit in the middle of a run that writes files.
        Thread thread = new Thread(() -> {
            try {
                result.complete(run.get());
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        }, "dataflows-beam-" + dataflowName);
        thread.start();
    }

    /** The run is recorded with {@code id} and its pipeline is about to run. */
    void recorded(String id) {
        this.runId = id;
    }

    PipelineCancel cancellation() {
        return cancel;
    }

    @Override
    public String dataflowName() {
        return dataflowName;
    }

    @Override
    public Optional<String> runId() {
        return Optional.ofNullable(runId);
    }

    @Override
    public RunStatus status() {
        if (result.isDone() && !result.isCompletedExceptionally()) {
            return result.join().status();
        }
        if (result.isDone()) {
            return RunStatus.ABORTED;
        }
        return runId == null ? RunStatus.NEW : RunStatus.PROCESSING;
    }

    @Override
    public boolean isDone() {
        return result.isDone();
    }

    @Override
    public boolean cancel(String reason) {
        return !result.isDone() && cancel.request(reason);
    }

    @Override
    public CompletableFuture<RunResult> result() {
        return result;
    }
}
