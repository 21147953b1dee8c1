package io.dataflows.internal.engine;

import io.dataflows.Dataflow;
import io.dataflows.FlowBlockExecutor;
import io.dataflows.FlowBlockRun;
import io.dataflows.MdcKeys;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.internal.graph.Plan;
import io.dataflows.internal.util.JsonValues;
import io.dataflows.internal.vars.VarMap;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepState;
import io.dataflows.spi.Values;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one dataflow, from lock to result: takes the lock ({@link RunBookkeeper}), builds the run's world
 * ({@link RunEnvironment}), executes connectors and flow blocks ({@link FlowBlock}) in plan order, and always ends
 * with a recorded outcome — finalised, or aborted with every unfinished step aborted, every processor closed and the
 * run record completed. Failures are shaped by {@link RunFailures}; listeners hear of it through
 * {@link RunNotifier}.
 */
public final class RunExecution {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    private final EngineSettings settings;
    private final Dataflow flow;
    private final FlowGraph graph;
    private final RunOptions options;
    private final boolean dryRun;
    /** Executes the flow blocks instead of {@link FlowBlock}; null to run them here. */
    private final FlowBlockExecutor blockExecutor;

    public RunExecution(EngineSettings settings, Dataflow flow, FlowGraph graph, RunOptions options,
            FlowBlockExecutor blockExecutor) {
        this.settings = settings;
        this.flow = flow;
        this.graph = graph;
        this.options = options;
        this.dryRun = options.isDryRun();
        this.blockExecutor = blockExecutor;
    }

    /**
     * Runs the dataflow on the calling thread, reporting to {@code control}; never throws for step failures or
     * cancellations. {@code control} is completed with the result, or with the exception thrown.
     */
    public RunResult execute(RunControl control) {
        ScheduledFuture<?> timeout = options.timeout().map(t -> RunTimeouts.schedule(control, t)).orElse(null);
        try {
            RunResult result = execute(control, settings.clock().instant());
            control.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            control.completeExceptionally(e);
            throw e;
        } finally {
            if (timeout != null) {
                timeout.cancel(false);
            }
            control.restoreInterrupt();
        }
    }

    private RunResult execute(RunControl control, Instant started) {
        try (RunBookkeeper books = new RunBookkeeper(settings.store(), flow, dryRun, options.trigger().label());
                MdcScope f = MdcScope.put(MdcKeys.FLOW, flow.name())) {
            if (!books.acquire(graph, started, options.waitForLock(), control)) {
                control.leaveSteps(); // an interrupt that ended the wait must not break recording it
                return blocked(books, control, started);
            }
            Path scratch = ScratchDirectories.create(settings.scratchRoot());
            try {
                return run(books, scratch, started, control);
            } finally {
                ScratchDirectories.delete(scratch);
            }
        }
    }

    private RunResult blocked(RunBookkeeper books, RunControl control, Instant started) {
        log.warn("Execution of dataflow '{}' blocked by a lock: another run holds it", flow.name());
        Instant now = settings.clock().instant();
        // The trigger is kept so that listeners and the history tell who was refused, as for runs that ran.
        Map<String, Object> state = Map.of("dataflow", Map.of("name", flow.name(), "states",
                Map.of(RunStatus.BLOCKED.label(), Values.timestamp(now))),
                "run", Map.of("trigger", Map.of("type", options.trigger().label())));
        RunRecord record = books.recordBlocked(now, state);
        control.identify(record.id());
        RunResult result = Results.factory().runResult(flow.name(), record.id(), record.name(), dryRun, RunStatus.BLOCKED, null,
                null, Map.of(), state, List.of(), started, now);
        new RunNotifier(listeners()).runBlocked(result);
        return result;
    }

    /** The engine's listeners, then the run's. */
    private List<RunListener> listeners() {
        if (options.listeners().isEmpty()) {
            return settings.listeners();
        }
        List<RunListener> all = new ArrayList<>(settings.listeners());
        all.addAll(options.listeners());
        return all;
    }

    private RunResult run(RunBookkeeper books, Path scratch, Instant started, RunControl control) {
        RunEnvironment env = new RunEnvironment(settings, flow, graph, options, scratch, control);
        RunFailures failures = new RunFailures(flow.name(), env.tree().redactor(), control);
        RunNotifier notifier = new RunNotifier(listeners());
        env.build(started, failures, notifier);
        Map<String, StepRuntime> runtimes = env.runtimes();
        RunRecord record = books.start(started, env.tree().export());
        env.identify(record.id(), record.name());
        control.identify(record.id());
        control.readers(runtimes.values().stream().filter(StepRuntime::isReader).toList());
        notifier.identify(new RunListener.RunInfo(flow.name(), record.id(), record.name(), dryRun));
        StepExecutionException failure = null;
        String cancelReason = null;
        // A flow block executor's own failure (not a step's): the run is recorded aborted, then it is thrown.
        RuntimeException escaped = null;
        try (MdcScope r = MdcScope.put(MdcKeys.RUN, record.id())) {
            if (!flow.isEnabled() && !options.trigger().isAutomated()) {
                log.warn("Running disabled dataflow '{}' (manual run)", flow.name());
            }
            env.setStatus(RunStatus.INITIALISED);
            for (StepRuntime s : runtimes.values()) {
                s.setStatus(RunStatus.INITIALISED);
                if (s.hasInputs) {
                    s.setStatus(s.type.kind().isFlow() ? RunStatus.WAITING : RunStatus.BLOCKED);
                }
            }
            env.setStatus(RunStatus.PROCESSING);
            notifier.runStarted();
            // On one core, handing records over to another thread only costs.
            boolean multiCore = Runtime.getRuntime().availableProcessors() > 1;
            FlowBlock blocks = new FlowBlock(graph, runtimes, failures, notifier, env.tree().redactor(),
                    env.timer(), settings.readAhead() && multiCore, settings.writeBehind() && multiCore);
            try {
                for (Plan.Unit unit : Plan.of(graph).units()) {
                    control.checkpoint();
                    if (unit.isStream()) {
                        List<StepRuntime> active = notCancelled(unit.steps(), runtimes, notifier);
                        if (!active.isEmpty() && blockExecutor != null) {
                            delegate(active, env, record, failures, notifier);
                        } else if (!active.isEmpty()) {
                            blocks.pump(unit, active);
                        }
                    } else {
                        StepRuntime s = runtimes.get(unit.steps().get(0));
                        if (!notCancelled(unit.steps(), runtimes, notifier).isEmpty()) {
                            runConnector(s, failures, notifier);
                        }
                    }
                }
            } catch (RunSignal signal) {
                failure = signal.failure();
                cancelReason = signal.cancelReason();
            } catch (BlockExecutorFailure e) {
                RunSignal cancelled = control.cancellation();
                if (cancelled != null) {
                    cancelReason = cancelled.cancelReason();
                } else {
                    escaped = e.failure;
                }
            } catch (RuntimeException e) {
                RunSignal cancelled = control.cancellation();
                if (cancelled != null) {
                    cancelReason = cancelled.cancelReason();
                } else {
                    failure = failures.unexpected(e);
                }
            } catch (Error e) {
                // An Error (OutOfMemoryError, StackOverflowError, a linkage error) says the JVM or the installation
                // is in trouble, not the flow: never a step failure. Record the run as aborted if the store still
                // can, then let it propagate; the callers' finally blocks release the lock and the scratch directory.
                try {
                    abortUnfinished(env);
                } catch (RuntimeException | Error ignored) {
                    log.debug("Could not mark the steps of run {} aborted after a fatal error", record.name(),
                            ignored);
                }
                try {
                    if (env.hasClaimedEvents()) {
                        books.settleEvents(false);
                    }
                } catch (Error ignored) {
                    log.debug("Could not return the events of run {} after a fatal error", record.name(), ignored);
                }
                books.finishAfterFatal(settings.clock().instant(), e);
                throw e;
            }
            control.leaveSteps();
            if (cancelReason != null) {
                endUnfinished(env, RunStatus.CANCELLED, notifier);
            } else if (escaped != null) {
                endUnfinished(env, RunStatus.ABORTED, notifier);
            } else if (failure == null) {
                env.setStatus(RunStatus.FINISHED);
                for (StepRuntime s : runtimes.values()) {
                    if (s.status == RunStatus.FINISHED) {
                        s.setStatus(RunStatus.FINALISED);
                    }
                }
                env.setStatus(RunStatus.FINALISED);
            } else {
                endUnfinished(env, RunStatus.ABORTED, notifier);
            }
        }
        if (env.hasClaimedEvents()) {
            books.settleEvents(env.status() == RunStatus.FINALISED);
        }
        Instant finished = settings.clock().instant();
        Map<String, Object> exported = env.tree().export();
        RunResult result = result(env, record, failure, cancelReason, exported, started, finished);
        String error = failure != null ? failure.getMessage()
                : escaped != null ? String.valueOf(escaped.getMessage()) : cancelReason;
        books.finish(env.status(), finished, exported, error, result.summary());
        // Released before the listeners hear the end: one that sees the run ended (or a caller told by it) may start
        // the dataflow again at once, and must not find it still locked by this run.
        books.close();
        notifier.runFinished(result);
        if (escaped != null) {
            throw escaped;
        }
        return result;
    }

    private static void abortUnfinished(RunEnvironment env) {
        endUnfinished(env, RunStatus.ABORTED, null);
    }

    /** Ends the run with {@code status}, as the steps that were running; the steps whose turn never came did not run. */
    private static void endUnfinished(RunEnvironment env, RunStatus status, RunNotifier notifier) {
        for (StepRuntime s : env.runtimes().values()) {
            if (!s.isTerminal()) {
                s.setStatus(s.hasStarted() ? status : RunStatus.NOT_RUN);
                if (notifier != null) {
                    notifier.stepFinished(s);
                }
            }
        }
        env.setStatus(status);
    }

    /**
     * The steps of a unit that still run: a step whose every input was cancelled by a connector is cancelled too,
     * and the run goes on without it.
     */
    private List<StepRuntime> notCancelled(List<String> aliases, Map<String, StepRuntime> runtimes,
            RunNotifier notifier) {
        List<StepRuntime> active = new ArrayList<>();
        for (String alias : aliases) {
            StepRuntime s = runtimes.get(alias);
            if (allInputsCancelled(s, runtimes)) {
                s.setStatus(RunStatus.CANCELLED);
                notifier.stepFinished(s);
            } else {
                active.add(s);
            }
        }
        return active;
    }

    private boolean allInputsCancelled(StepRuntime s, Map<String, StepRuntime> runtimes) {
        List<FlowGraph.Edge> inputs = graph.inputs(s.alias);
        if (inputs.isEmpty()) {
            return false;
        }
        for (FlowGraph.Edge e : inputs) {
            if (runtimes.get(e.from()).status != RunStatus.CANCELLED) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hands a flow block to the {@link FlowBlockExecutor} with {@code dataflow.vars} as they stand, and takes what
     * its steps did as if they had run here: their counts and durations, then the block's failure or cancellation.
     */
    private void delegate(List<StepRuntime> steps, RunEnvironment env, RunRecord record, RunFailures failures,
            RunNotifier notifier) {
        List<String> aliases = new ArrayList<>();
        Map<String, StepState> states = new LinkedHashMap<>();
        for (StepRuntime s : steps) {
            aliases.add(s.alias);
            states.put(s.alias, s.context.state());
            s.setStatus(RunStatus.PROCESSING);
            notifier.stepStarted(s);
        }
        Object vars = env.tree().dataflow().lookup("vars");
        @SuppressWarnings("unchecked")
        Map<String, Object> values = vars instanceof VarMap map ? (Map<String, Object>) map.materialize() : Map.of();
        RunControl control = failures.control();
        control.enterSteps();
        RunResult outcome;
        try {
            outcome = blockExecutor.execute(new FlowBlockRun(flow.name(), record.id(), dryRun, aliases, values,
                    states));
        } catch (RunSignal signal) {
            throw signal;
        } catch (RuntimeException e) {
            throw new BlockExecutorFailure(e);
        } finally {
            control.leaveSteps();
        }
        for (StepRuntime s : steps) {
            StepResult r = outcome.steps().get(s.alias);
            if (r != null) {
                s.recordsIn = r.recordsIn();
                s.recordsOut = r.recordsOut();
                s.nanos += r.duration().toNanos();
                // what steps.<alias>.iterations gives the connectors after the block, as a local run counts it
                s.node.setIterations(s.isReader() ? r.recordsOut() : r.recordsIn());
            }
        }
        if (outcome.status() == RunStatus.CANCELLED) {
            throw RunSignal.cancelled(outcome.cancelReason().orElse("cancelled"));
        }
        if (outcome.status() != RunStatus.FINALISED) {
            StepExecutionException failure = outcome.failure().orElseGet(() -> new StepExecutionException(
                    "The flow block ended " + outcome.status().label(), flow.name(), aliases.get(0),
                    steps.get(0).typeId, 0, null));
            // The failed step is aborted with the run; the block's other steps were stopped by it.
            for (StepRuntime s : steps) {
                if (!failure.stepAlias().equals(Optional.of(s.alias))) {
                    s.setStatus(RunStatus.CANCELLED);
                    notifier.stepFinished(s);
                }
            }
            throw failures.raisedElsewhere(failure);
        }
        for (StepRuntime s : steps) {
            s.setStatus(RunStatus.FINISHED);
            notifier.stepFinished(s);
        }
    }

    private static void runConnector(StepRuntime s, RunFailures failures, RunNotifier notifier) {
        failures.entering(s);
        s.setStatus(RunStatus.PROCESSING);
        notifier.stepStarted(s);
        long t0 = System.nanoTime();
        RunControl control = failures.control();
        control.enterSteps();
        try (MdcScope m = MdcScope.put(MdcKeys.STEP, s.alias)) {
            Outcome outcome = ((ConnectorStep) s.type).run(s.context);
            control.checkpoint();
            if (outcome == Outcome.CANCEL) {
                s.setStatus(RunStatus.CANCELLED);
            } else {
                if (s.hasVars()) {
                    s.evaluateVars(0);
                }
                s.setStatus(RunStatus.FINISHED);
            }
        } catch (RunSignal signal) {
            throw signal;
        } catch (AbortRequest a) {
            throw failures.aborted(s, a.getMessage(), 0);
        } catch (Exception e) {
            throw failures.failed(s, e, 0);
        } finally {
            control.leaveSteps();
            s.nanos += System.nanoTime() - t0;
        }
        notifier.stepFinished(s);
    }

    private RunResult result(RunEnvironment env, RunRecord record, StepExecutionException failure,
            String cancelReason, Map<String, Object> exported, Instant started, Instant finished) {
        Map<String, StepResult> results = new LinkedHashMap<>();
        long recordsRead = 0;
        for (StepRuntime s : env.runtimes().values()) {
            results.put(s.alias, s.result());
            if (s.type.kind() == StepKind.READER) {
                recordsRead += s.recordsOut;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) JsonValues.frozenCopy(exported);
        RunResult result = Results.factory().runResult(flow.name(), record.id(), record.name(), dryRun, env.status(), failure,
                cancelReason, results, frozen, env.effects(), started, finished);
        long ms = Duration.between(started, finished).toMillis();
        if (cancelReason != null) {
            log.info("Run {} of dataflow '{}' cancelled{} in {} ms ({}, {} records read)", record.name(),
                    flow.name(), dryRun ? " (dry run)" : "", ms, cancelReason, recordsRead);
        } else if (failure == null) {
            log.info("Run {} of dataflow '{}' {}{} in {} ms ({} steps, {} records read)", record.name(), flow.name(),
                    env.status().label(), dryRun ? " (dry run)" : "", ms, results.size(), recordsRead);
        } else {
            log.warn("Run {} of dataflow '{}' aborted{} in {} ms: {}", record.name(), flow.name(),
                    dryRun ? " (dry run)" : "", ms, failure.getMessage());
        }
        return result;
    }

    /** Carries a flow block executor's own failure out of the steps' loop, to be thrown once the run is recorded. */
    private static final class BlockExecutorFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final transient RuntimeException failure;

        BlockExecutorFailure(RuntimeException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }
}
