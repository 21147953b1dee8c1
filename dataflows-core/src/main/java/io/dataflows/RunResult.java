package io.dataflows;

import io.dataflows.internal.engine.Results;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one run: its status, the failure if it aborted, what each step did, the final variable tree and,
 * for a dry run, the effects that were skipped. Immutable.
 *
 * <p>{@link DataflowEngine#run} returns a result for every run that started, including aborted ones; use
 * {@link #orThrow()} to turn an aborted run into an exception.
 */
public final class RunResult {

    private final String dataflowName;
    private final String runId;
    private final String runName;
    private final boolean dryRun;
    private final RunStatus status;
    private final StepExecutionException failure;
    private final String cancelReason;
    private final Map<String, StepResult> steps;
    private final Map<String, Object> variables;
    private final List<Effect> effects;
    private final Instant startedAt;
    private final Instant finishedAt;

    static {
        Results.install(new Results.Factory() {
            @Override
            public RunResult runResult(String dataflowName, String runId, String runName, boolean dryRun,
                    RunStatus status, StepExecutionException failure, String cancelReason,
                    Map<String, StepResult> steps, Map<String, Object> variables, List<Effect> effects,
                    Instant startedAt, Instant finishedAt) {
                return new RunResult(dataflowName, runId, runName, dryRun, status, failure, cancelReason, steps,
                        variables, effects, startedAt, finishedAt);
            }

            @Override
            public StepResult stepResult(String alias, String type, RunStatus status, long recordsIn,
                    long recordsOut, Duration duration) {
                return new StepResult(alias, type, status, recordsIn, recordsOut, duration);
            }
        });
    }

    private RunResult(String dataflowName, String runId, String runName, boolean dryRun, RunStatus status,
            StepExecutionException failure, String cancelReason, Map<String, StepResult> steps, Map<String, Object> variables,
            List<Effect> effects, Instant startedAt, Instant finishedAt) {
        this.dataflowName = dataflowName;
        this.runId = runId;
        this.runName = runName;
        this.dryRun = dryRun;
        this.status = status;
        this.failure = failure;
        this.cancelReason = cancelReason;
        this.steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
        this.variables = variables;
        this.effects = List.copyOf(effects);
        this.startedAt = startedAt;
        this.finishedAt = finishedAt;
    }

    /**
     * The result of a run executed by another runner than the local engine (a dataflow translated to an Apache Beam
     * pipeline): what that runner knows — status, failure and per-step counts — without variables or effects.
     *
     * @param runId the run's id, also its name
     * @param dryRun whether effects were skipped
     * @param failure why the run aborted, or null when it did not
     * @param steps per-step results, in definition order ({@link StepResult#of})
     */
    public static RunResult of(String dataflowName, String runId, boolean dryRun, RunStatus status,
            @Nullable StepExecutionException failure, Map<String, StepResult> steps,
            Instant startedAt, Instant finishedAt) {
        return new RunResult(dataflowName, runId, runId, dryRun, status, failure, null, steps, Map.of(), List.of(),
                startedAt, finishedAt);
    }

    /**
     * The result of a run executed by another runner than the local engine that was cancelled
     * ({@link RunHandle#cancel(String)}): status {@link RunStatus#CANCELLED} with {@code reason} as
     * {@link #cancelReason()}, without variables or effects.
     *
     * @param runId the run's id, also its name
     * @param dryRun whether effects were skipped
     * @param reason who or what cancelled the run
     * @param steps per-step results, in definition order ({@link StepResult#of})
     */
    public static RunResult cancelled(String dataflowName, String runId, boolean dryRun, String reason,
            Map<String, StepResult> steps, Instant startedAt, Instant finishedAt) {
        return new RunResult(dataflowName, runId, runId, dryRun, RunStatus.CANCELLED, null, reason, steps, Map.of(),
                List.of(), startedAt, finishedAt);
    }

    public String dataflowName() {
        return dataflowName;
    }

    /** The run id ({@code run.id}). */
    public String runId() {
        return runId;
    }

    /** The run name: a sequence number per dataflow ({@code run.name}). */
    public String runName() {
        return runName;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    /**
     * {@link RunStatus#FINALISED}, {@link RunStatus#ABORTED}, {@link RunStatus#CANCELLED} (stopped by
     * {@link RunHandle#cancel()}, a timeout or an interrupt) or {@link RunStatus#BLOCKED}.
     */
    public RunStatus status() {
        return status;
    }

    /** True when the run finalised. */
    public boolean isSuccess() {
        return status == RunStatus.FINALISED;
    }

    /**
     * Why the run aborted: a {@link DataflowAbortedException} for an abort step, otherwise a
     * {@link StepExecutionException} naming the step and record with the step's exception as cause.
     */
    public Optional<StepExecutionException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The failure's message, if the run aborted. */
    public Optional<String> error() {
        return failure().map(Throwable::getMessage);
    }

    /**
     * Who stopped a {@link RunStatus#CANCELLED} run: {@code "cancelled by caller"}, {@code "timeout after PT2S"}
     * or {@code "interrupted"}; also recorded as the run's error in the state store. Empty for other runs.
     */
    public Optional<String> cancelReason() {
        return Optional.ofNullable(cancelReason);
    }

    /** Per-step results, in definition order. */
    public Map<String, StepResult> steps() {
        return steps;
    }

    /**
     * Where the run failed and what each step did, as plain values ready to be written as JSON — what the run
     * history keeps ({@code RunRecord.summary()}) and the run state file of {@code dataflows run --state-out} writes:
     * {@code failedstep} (alias, or null), {@code failedrecord} (1-based source record, or null) and {@code steps},
     * per step in definition order {@code status} (its label), {@code recordsin}, {@code recordsout} and
     * {@code millis} (own time). A new mutable map on every call.
     */
    public Map<String, Object> summary() {
        return io.dataflows.internal.engine.RunSummary.of(this);
    }

    /**
     * The result of one step.
     *
     * @throws NoSuchElementException if the dataflow has no such step
     */
    public StepResult step(String alias) {
        StepResult r = steps.get(alias);
        if (r == null) {
            throw new NoSuchElementException("no step '" + alias + "' in dataflow '" + dataflowName + "' (steps: "
                    + String.join(", ", steps.keySet()) + ")");
        }
        return r;
    }

    /**
     * The final variable tree — {@code global}, {@code dataflow}, {@code run} and {@code steps} — exactly as
     * expressions see it at the end of the run (unmodifiable, JSON-like): {@code ${{ }}} values of
     * {@code global.vars} and {@code dataflow.vars} evaluated, step configs as defined. A value that cannot be
     * evaluated is the map {@code {"$error": "<message>"}}. Secrets, and every variable whose value flows into a
     * secret config field, are {@code *****}; a secret value is redacted wherever else it appears.
     */
    public Map<String, Object> variables() {
        return variables;
    }

    /**
     * The value at a dotted path of {@link #variables()} ({@code steps.reader.vars.total}).
     */
    public Optional<Object> variable(String path) {
        Object v = variables;
        for (String part : path.split("\\.")) {
            if (!(v instanceof Map) || !((Map<?, ?>) v).containsKey(part)) {
                return Optional.empty();
            }
            v = ((Map<?, ?>) v).get(part);
        }
        return Optional.ofNullable(v);
    }

    /**
     * In a dry run, the effects that were skipped, in order: step, kind, target and detail; each prints as
     * {@code write_nz: would write /out/nz.json}. Empty for a real run.
     */
    public List<Effect> effects() {
        return effects;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant finishedAt() {
        return finishedAt;
    }

    public Duration duration() {
        return Duration.between(startedAt, finishedAt);
    }

    /**
     * Returns this result when the run finalised.
     *
     * @throws StepExecutionException the failure of an aborted run
     * @throws DataflowException for a blocked or a cancelled run
     */
    public RunResult orThrow() {
        if (failure != null) {
            throw failure;
        }
        if (status == RunStatus.CANCELLED) {
            throw new DataflowException("Run " + runName + " of dataflow '" + dataflowName + "' was cancelled: "
                    + cancelReason, dataflowName, null, null);
        }
        if (status == RunStatus.BLOCKED) {
            throw new DataflowException("Dataflow '" + dataflowName + "' is locked by another run", dataflowName,
                    null, null);
        }
        return this;
    }

    @Override
    public String toString() {
        return "RunResult[" + dataflowName + " run " + runName + ": " + status.label()
                + (failure != null ? ", error: " + failure.getMessage() : "")
                + (cancelReason != null ? ", " + cancelReason : "") + "]";
    }
}
