package io.dataflows.micrometer;

import io.dataflows.DataflowAbortedException;
import io.dataflows.DataflowEngine;
import io.dataflows.RunListener;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import io.dataflows.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records what runs and steps do as Micrometer meters, in the registry the application gives:
 *
 * <pre>{@code
 * MeterRegistry registry = new SimpleMeterRegistry();   // or the Prometheus, OTLP, JMX ... registry
 * DataflowEngine engine = DataflowEngine.builder()
 *     .listener(new MicrometerRunListener(registry))
 *     .build();
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>what</th></tr>
 *   <tr><td>{@code dataflows.runs}</td><td>counter</td><td>{@code flow}, {@code status}, {@code trigger}</td>
 *       <td>runs that ended, blocked runs included</td></tr>
 *   <tr><td>{@code dataflows.run.duration}</td><td>timer</td><td>{@code flow}, {@code status}</td>
 *       <td>from the start of a run to its end (for a blocked run, the time it waited for the lock)</td></tr>
 *   <tr><td>{@code dataflows.step.records}</td><td>counter</td><td>{@code flow}, {@code step}, {@code direction}</td>
 *       <td>records a step received ({@code in}) and emitted ({@code out})</td></tr>
 *   <tr><td>{@code dataflows.step.duration}</td><td>timer</td><td>{@code flow}, {@code step}</td>
 *       <td>the time spent in the step's own code ({@link StepResult#duration()})</td></tr>
 *   <tr><td>{@code dataflows.step.errors}</td><td>counter</td><td>{@code flow}, {@code step}</td>
 *       <td>runs this step aborted by failing</td></tr>
 * </table>
 *
 * <p>{@code flow} is the dataflow's name, {@code step} the step's alias, {@code status} the run's
 * {@link RunStatus#label() label} ({@code finalised}, {@code aborted}, {@code cancelled}, {@code blocked}) and
 * {@code trigger} the {@link Trigger#label() label} of who started the run ({@code manual}, {@code automated},
 * {@code cron}, {@code event}, {@code webhook}), also for a blocked run ({@code unknown} only for a result that does
 * not tell it). Dry runs are counted like real runs.
 *
 * <p>Step meters are recorded once per step that started, when it ends — never per record: {@code in} and
 * {@code out} both for every such step (a connector adds 0 to both). A step that never started (its turn did not
 * come, or a connector upstream cancelled its branch) adds nothing. A step counts an error when the run aborted
 * because that step failed; the steps that were aborted with it do not, nor does an abort step or
 * {@code StepContext.abort}, which stop a run on purpose ({@link DataflowAbortedException}).
 *
 * <p>Thread-safe: one listener may serve every run of an engine ({@link DataflowEngine.Builder#listener}).
 */
public final class MicrometerRunListener implements RunListener {

    /** Counter of ended runs: tags {@code flow}, {@code status}, {@code trigger}. */
    public static final String RUNS = "dataflows.runs";
    /** Timer of runs: tags {@code flow}, {@code status}. */
    public static final String RUN_DURATION = "dataflows.run.duration";
    /** Counter of the records steps received and emitted: tags {@code flow}, {@code step}, {@code direction}. */
    public static final String STEP_RECORDS = "dataflows.step.records";
    /** Timer of the time spent in each step: tags {@code flow}, {@code step}. */
    public static final String STEP_DURATION = "dataflows.step.duration";
    /** Counter of the step failures that aborted a run: tags {@code flow}, {@code step}. */
    public static final String STEP_ERRORS = "dataflows.step.errors";

    /** The {@code trigger} tag of a result that does not tell its trigger. */
    static final String UNKNOWN_TRIGGER = "unknown";

    private final MeterRegistry registry;
    /**
     * The steps that started and have not ended yet. The engine reports a stepFinished for steps that never started
     * too (not run, or cancelled by a connector upstream), which must not count as an execution of the step.
     */
    private final Set<StepKey> running = ConcurrentHashMap.newKeySet();

    /**
     * A listener that records into {@code registry}.
     *
     * @param registry where the meters are registered; the application's, which it also publishes
     */
    public MicrometerRunListener(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void stepStarted(RunInfo run, String stepAlias) {
        running.add(new StepKey(run.runId(), stepAlias));
    }

    @Override
    public void stepFinished(RunInfo run, StepResult step) {
        if (!running.remove(new StepKey(run.runId(), step.alias()))) {
            return;
        }
        String flow = run.dataflowName();
        records(flow, step.alias(), "in").increment(step.recordsIn());
        records(flow, step.alias(), "out").increment(step.recordsOut());
        Timer.builder(STEP_DURATION)
                .description("Time spent in the step's own code")
                .tag("flow", flow)
                .tag("step", step.alias())
                .register(registry)
                .record(step.duration());
    }

    @Override
    public void runFinished(RunResult result) {
        recordRun(result, trigger(result));
        failedStep(result).ifPresent(alias -> Counter.builder(STEP_ERRORS)
                .description("Step failures that aborted a run")
                .tag("flow", result.dataflowName())
                .tag("step", alias)
                .register(registry)
                .increment());
    }

    @Override
    public void runBlocked(RunResult result) {
        recordRun(result, trigger(result));
    }

    private static String trigger(RunResult result) {
        return result.variable("run.trigger.type")
                .filter(MicrometerRunListener::isTriggerLabel)
                .map(String.class::cast)
                .orElse(UNKNOWN_TRIGGER);
    }

    private void recordRun(RunResult result, String trigger) {
        String status = result.status().label();
        Counter.builder(RUNS)
                .description("Runs that ended, by outcome and by who started them")
                .tag("flow", result.dataflowName())
                .tag("status", status)
                .tag("trigger", trigger)
                .register(registry)
                .increment();
        Timer.builder(RUN_DURATION)
                .description("Time from the start of a run to its end")
                .tag("flow", result.dataflowName())
                .tag("status", status)
                .register(registry)
                .record(result.duration());
    }

    private Counter records(String flow, String step, String direction) {
        return Counter.builder(STEP_RECORDS)
                .description("Records a step received (in) and emitted (out)")
                .baseUnit("records")
                .tag("flow", flow)
                .tag("step", step)
                .tag("direction", direction)
                .register(registry);
    }

    /**
     * The step whose failure aborted the run. An abort on purpose is no step error; a failure the engine could not
     * place in a step names none of the run's steps.
     */
    private static Optional<String> failedStep(RunResult result) {
        Optional<StepExecutionException> failure = result.failure();
        if (failure.isEmpty() || failure.get() instanceof DataflowAbortedException) {
            return Optional.empty();
        }
        return failure.get().stepAlias().filter(result.steps()::containsKey);
    }

    private static boolean isTriggerLabel(Object value) {
        for (Trigger t : Trigger.values()) {
            if (t.label().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** A step of one run. */
    private record StepKey(String runId, String alias) {}
}
