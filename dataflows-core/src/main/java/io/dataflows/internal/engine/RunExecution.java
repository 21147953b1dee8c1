package io.dataflows.internal.engine;

import io.dataflows.Dataflow;
import io.dataflows.DataflowAbortedException;
import io.dataflows.DataflowException;
import io.dataflows.Effect;
import io.dataflows.ExpressionException;
import io.dataflows.MdcKeys;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.Step;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import io.dataflows.Trigger;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.internal.graph.Plan;
import io.dataflows.internal.util.Json;
import io.dataflows.internal.util.JsonValues;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.SecretVariables;
import io.dataflows.internal.vars.StepNode;
import io.dataflows.internal.vars.VarMap;
import io.dataflows.internal.vars.VarTree;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one dataflow: takes the lock, builds the variable tree, executes connectors and streams in plan order,
 * and always ends with a recorded outcome — finalised, or aborted with every unfinished step aborted, every
 * processor closed and the run record completed.
 */
public final class RunExecution {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.run");

    private final EngineSettings settings;
    private final Dataflow flow;
    private final FlowGraph graph;
    private final RunOptions options;
    private final boolean dryRun;
    private final List<Effect> effects = new ArrayList<>();
    private final Map<String, StepRuntime> runtimes = new LinkedHashMap<>();
    private VarTree tree;
    private PathResolver paths;
    private Path scratch;
    private PrintStream output;
    private VariablesImpl variables;
    private String runId;
    private String runName;
    private VarMap dataflowStates;
    private RunStatus status;
    private RunListener.RunInfo info;
    private StepRuntime current;

    public RunExecution(EngineSettings settings, Dataflow flow, FlowGraph graph, RunOptions options) {
        this.settings = settings;
        this.flow = flow;
        this.graph = graph;
        this.options = options;
        this.dryRun = options.isDryRun();
    }

    String dataflowName() {
        return flow.name();
    }

    String runId() {
        return runId;
    }

    boolean isDryRun() {
        return dryRun;
    }

    VarTree tree() {
        return tree;
    }

    PathResolver paths() {
        return paths;
    }

    Path scratchDir() {
        return scratch;
    }

    PrintStream output() {
        return output;
    }

    VariablesImpl variables() {
        return variables;
    }

    Map<String, javax.sql.DataSource> dataSources() {
        return settings.dataSources();
    }

    String tablePrefix() {
        return settings.tablePrefix();
    }

    String timestamp() {
        return Timestamps.format(settings.clock().instant());
    }

    /** Runs the dataflow; never throws for step failures. */
    public RunResult execute() {
        Instant started = settings.clock().instant();
        Optional<StateStore.Lock> lock = Optional.empty();
        if (!concurrencyAllowed()) {
            lock = settings.store().tryLock(flow.name());
            if (lock.isEmpty()) {
                log.warn("Execution of dataflow '{}' blocked by a lock: another run holds it", flow.name());
                return new RunResult(flow.name(), null, null, dryRun, RunStatus.BLOCKED, null, Map.of(), Map.of(),
                        List.of(), started, settings.clock().instant());
            }
        }
        try (MdcScope f = MdcScope.put(MdcKeys.FLOW, flow.name())) {
            DeadRuns.sweep(settings.store(), flow.name(), lock.isPresent(), started);
            scratch = createScratch();
            try {
                return runLocked(started);
            } finally {
                deleteRecursively(scratch);
            }
        } finally {
            lock.ifPresent(StateStore.Lock::close);
        }
    }

    private boolean concurrencyAllowed() {
        if (!flow.isConcurrencyEnabled()) {
            return false;
        }
        for (Step s : flow.steps()) {
            StepType t = graph.type(s.alias()).orElse(null);
            if (t != null && t.concurrencyBlocker(s.config()).isPresent()) {
                return false;
            }
        }
        return true;
    }

    private Path createScratch() {
        return ScratchDirectories.create(settings.scratchRoot());
    }

    private RunResult runLocked(Instant started) {
        Redactor redactor = new Redactor();
        tree = new VarTree(settings.expressions(), settings.clock(), settings.secrets(), redactor);
        Path given = options.baseDir().orElse(settings.baseDir());
        Path base = given != null ? given.toAbsolutePath().normalize() : scratch;
        paths = given != null ? new PathResolver(base, scratch, settings.permittedDirs())
                : PathResolver.forScratchAsBase(scratch, settings.permittedDirs());
        output = options.output().orElse(settings.output());
        variables = new VariablesImpl(tree, settings.store(), flow.name(), dryRun);
        buildTree(started, base);
        setStatus(RunStatus.NEW);
        for (StepRuntime s : runtimes.values()) {
            s.setStatus(RunStatus.NEW);
        }
        RunRecord record = settings.store().startRun(flow.name(), dryRun, started, Json.write(tree.export()),
                DeadRuns.currentOwner());
        runId = record.id();
        runName = record.name();
        tree.run().put("id", runId);
        tree.run().put("name", runName);
        info = new RunListener.RunInfo(flow.name(), runId, runName, dryRun);
        StepExecutionException failure = null;
        try (MdcScope r = MdcScope.put(MdcKeys.RUN, runId)) {
            if (!flow.isEnabled() && options.trigger() == Trigger.MANUAL) {
                log.warn("Running disabled dataflow '{}' (manual run)", flow.name());
            }
            setStatus(RunStatus.INITIALISED);
            for (StepRuntime s : runtimes.values()) {
                s.setStatus(RunStatus.INITIALISED);
                if (s.hasInputs) {
                    s.setStatus(s.type.kind().isFlow() ? RunStatus.WAITING : RunStatus.BLOCKED);
                }
            }
            setStatus(RunStatus.PROCESSING);
            notify(l -> l.runStarted(info));
            try {
                for (Plan.Unit unit : Plan.of(graph).units()) {
                    if (unit.isStream()) {
                        runStream(unit);
                    } else {
                        runConnector(runtimes.get(unit.steps().get(0)));
                    }
                }
            } catch (RunSignal signal) {
                failure = signal.failure();
            } catch (RuntimeException e) {
                StepRuntime s = current;
                failure = new StepExecutionException(redactor.scrub(describe(e)), flow.name(),
                        s == null ? "?" : s.alias, s == null ? null : s.typeId, 0, redactor.scrubbed(e));
            } catch (Error e) {
                // An Error (OutOfMemoryError, StackOverflowError, a linkage error) says the JVM or the installation
                // is in trouble, not the flow: never a step failure. Record the run as aborted if the store still
                // can, then let it propagate; the callers' finally blocks release the lock and the scratch directory.
                recordFatal(record, e);
                throw e;
            }
            if (failure == null) {
                setStatus(RunStatus.FINISHED);
                for (StepRuntime s : runtimes.values()) {
                    if (s.status == RunStatus.FINISHED) {
                        s.setStatus(RunStatus.FINALISED);
                    }
                }
                setStatus(RunStatus.FINALISED);
            } else {
                for (StepRuntime s : runtimes.values()) {
                    if (!s.isTerminal()) {
                        s.setStatus(RunStatus.ABORTED);
                    }
                }
                setStatus(RunStatus.ABORTED);
            }
        }
        Instant finished = settings.clock().instant();
        Map<String, Object> exported = tree.export();
        String error = failure == null ? null : failure.getMessage();
        try {
            settings.store().finishRun(record, status.label(), finished, Json.write(exported), error);
        } catch (RuntimeException e) {
            log.error("Could not record the end of run {} of dataflow '{}'", runName, flow.name(), e);
        }
        Map<String, StepResult> results = new LinkedHashMap<>();
        long recordsRead = 0;
        for (StepRuntime s : runtimes.values()) {
            results.put(s.alias, new StepResult(s.alias, s.typeId, s.status, s.recordsIn, s.recordsOut,
                    Duration.ofNanos(s.nanos)));
            if (s.type.kind() == StepKind.READER) {
                recordsRead += s.recordsOut;
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> frozen = (Map<String, Object>) JsonValues.frozenCopy(exported);
        RunResult result = new RunResult(flow.name(), runId, runName, dryRun, status, failure, results, frozen,
                effects, started, finished);
        long ms = Duration.between(started, finished).toMillis();
        if (failure == null) {
            log.info("Run {} of dataflow '{}' {}{} in {} ms ({} steps, {} records read)", runName, flow.name(),
                    status.label(), dryRun ? " (dry run)" : "", ms, runtimes.size(), recordsRead);
        } else {
            log.warn("Run {} of dataflow '{}' aborted{} in {} ms: {}", runName, flow.name(),
                    dryRun ? " (dry run)" : "", ms, failure.getMessage());
        }
        notify(l -> l.runFinished(result));
        return result;
    }

    /** Best effort: marks the run aborted in the store after an {@link Error}; a failure to do so is ignored. */
    private void recordFatal(RunRecord record, Error error) {
        try {
            for (StepRuntime s : runtimes.values()) {
                if (!s.isTerminal()) {
                    s.setStatus(RunStatus.ABORTED);
                }
            }
            setStatus(RunStatus.ABORTED);
            settings.store().finishRun(record, status.label(), settings.clock().instant(), null,
                    "Run stopped by a fatal error of the Java runtime: " + error);
        } catch (RuntimeException | Error ignored) {
            log.debug("Could not record the end of run {} after a fatal error", runName, ignored);
        }
    }

    private void buildTree(Instant started, Path base) {
        tree.global().put("vars", tree.definition("global.vars", settings.globalVars(), tree.globalScope()));
        VarMap df = tree.dataflow();
        df.put("name", flow.name());
        df.put("description", flow.description());
        df.put("config", tree.definition("dataflow.config", flow.config(), tree.dataflowScope()));
        Map<String, Object> vars = new LinkedHashMap<>(flow.vars());
        VarMap varsNode = (VarMap) tree.definition("dataflow.vars", vars, tree.dataflowScope());
        df.put("vars", varsNode);
        for (Map.Entry<String, Object> e : settings.store().loadVariables(flow.name()).entrySet()) {
            overlay(varsNode, e.getKey(), e.getValue(), "dataflow.vars." + e.getKey(), false);
        }
        for (Map.Entry<String, Object> e : options.vars().entrySet()) {
            overlay(varsNode, e.getKey(), e.getValue(), "dataflow.vars." + e.getKey(), true);
        }
        dataflowStates = tree.newMap();
        df.put("states", dataflowStates);
        VarMap run = tree.run();
        run.put("id", null);
        run.put("name", null);
        run.put("dryrun", dryRun);
        run.put("scratchdir", scratch.toString());
        run.put("basedir", base.toString());
        run.put("startedat", Timestamps.format(started));
        run.put("trigger", options.trigger().name().toLowerCase(java.util.Locale.ROOT));
        tree.env().putAll(settings.env());
        for (Step step : flow.steps()) {
            StepType type = graph.type(step.alias()).orElseThrow();
            StepNode node = tree.addStep(step.alias(), type.kind().isFlow());
            node.put("name", step.name());
            node.put("alias", step.alias());
            node.put("description", step.description());
            node.put("type", step.type());
            for (ConfigField f : type.configSchema().fields()) {
                Object secret = step.config().get(f.name());
                if (f.isSecret() && secret instanceof String
                        && !io.dataflows.internal.expr.ExpressionEngine.hasExpression((String) secret)) {
                    tree.redactor().add((String) secret);
                }
            }
            node.put("config", null); // bound below, once every step's scope exists
            node.put("vars", tree.newMap());
            node.put("states", tree.newMap());
            StepRuntime runtime = new StepRuntime(this, step, type, node, tree.scopeOf(node),
                    !graph.inputs(step.alias()).isEmpty());
            runtimes.put(step.alias(), runtime);
        }
        // Config lazies resolve in their step's scope; bind them now that the nodes exist.
        for (StepRuntime s : runtimes.values()) {
            s.node.put("config", tree.definition("steps." + s.alias + ".config",
                    redactedConfig(s), s.scope));
        }
        // A value that flows into a secret field is secret: known before anything is exported or evaluated.
        SecretVariables secrets = SecretVariables.of(flow, step -> graph.type(step.alias()).orElse(null),
                settings.globalVars(), options.vars(), tree.expressions());
        tree.hideSecrets(secrets);
        for (StepRuntime s : runtimes.values()) {
            s.hideSecretVars(secrets);
            StepConfigImpl config = new StepConfigImpl(s.alias, s.typeId, s.type.configSchema(), s.step.config(),
                    s.scope, tree.expressions(), paths, tree.redactor(), secrets);
            s.context = new StepContextImpl(this, s, config,
                    new EffectsImpl(dryRun, paths, effects, s.alias),
                    new StepStateImpl(settings.store(), flow.name(), s.alias, dryRun));
        }
    }

    private Map<String, Object> redactedConfig(StepRuntime s) {
        Map<String, Object> shown = new LinkedHashMap<>(s.step.config());
        for (String secret : s.type.configSchema().secretFields()) {
            if (shown.containsKey(secret)) {
                shown.put(secret, Redactor.PLACEHOLDER);
            }
        }
        return shown;
    }

    /** Later sources of {@code dataflow.vars} (persisted values, run options) override earlier ones. */
    private void overlay(VarMap node, String key, Object value, String path, boolean mayHoldExpressions) {
        Object existing = node.get(key);
        if (value instanceof Map && existing instanceof VarMap) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                overlay((VarMap) existing, String.valueOf(e.getKey()), e.getValue(), path + "." + e.getKey(),
                        mayHoldExpressions);
            }
            return;
        }
        node.put(key, mayHoldExpressions ? tree.definition(path, value, tree.dataflowScope())
                : value instanceof Map ? tree.definition(path, JsonValues.frozenCopy(value), null)
                : JsonValues.frozenCopy(value));
    }

    private void setStatus(RunStatus s) {
        if (status == s) {
            return;
        }
        status = s;
        dataflowStates.put(s.label(), timestamp());
    }

    // ---- units -------------------------------------------------------------------------------------------------

    private boolean allInputsCancelled(StepRuntime s) {
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

    private void runConnector(StepRuntime s) {
        current = s;
        if (allInputsCancelled(s)) {
            s.setStatus(RunStatus.CANCELLED);
            notifyStepFinished(s);
            return;
        }
        s.setStatus(RunStatus.PROCESSING);
        notify(l -> l.stepStarted(info, s.alias));
        long t0 = System.nanoTime();
        try (MdcScope m = MdcScope.put(MdcKeys.STEP, s.alias)) {
            Outcome outcome = ((ConnectorStep) s.type).run(s.context);
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
            throw aborted(s, a.getMessage(), 0);
        } catch (Exception e) {
            throw failed(s, e, 0);
        } finally {
            s.nanos += System.nanoTime() - t0;
        }
        notifyStepFinished(s);
    }

    private void runStream(Plan.Unit unit) {
        List<StepRuntime> active = new ArrayList<>();
        for (String alias : unit.steps()) {
            StepRuntime s = runtimes.get(alias);
            if (allInputsCancelled(s)) {
                s.setStatus(RunStatus.CANCELLED);
                notifyStepFinished(s);
            } else {
                active.add(s);
            }
        }
        if (active.isEmpty()) {
            return;
        }
        for (StepRuntime s : active) {
            s.setStatus(RunStatus.FLOWING);
            notify(l -> l.stepStarted(info, s.alias));
        }
        long t0 = System.nanoTime();
        List<StepRuntime> opened = new ArrayList<>();
        boolean ok = false;
        try {
            for (StepRuntime s : active) {
                if (s.type.kind() == StepKind.READER) {
                    continue;
                }
                current = s;
                try (MdcScope m = MdcScope.put(MdcKeys.STEP, s.alias)) {
                    s.processor = ((FlowStep) s.type).open(s.context);
                } catch (AbortRequest a) {
                    throw aborted(s, a.getMessage(), 0);
                } catch (RunSignal signal) {
                    throw signal;
                } catch (Exception e) {
                    throw failed(s, e, 0);
                }
                if (s.processor == null) {
                    throw failed(s, new IllegalStateException("open() of step type '" + s.typeId
                            + "' returned null"), 0);
                }
                opened.add(s);
            }
            for (StepRuntime s : active) {
                s.emitter = emitterFor(s, active);
            }
            for (String readerAlias : unit.readers()) {
                StepRuntime reader = runtimes.get(readerAlias);
                if (!active.contains(reader)) {
                    continue;
                }
                current = reader;
                try (MdcScope m = MdcScope.put(MdcKeys.STEP, reader.alias)) {
                    ((ReaderStep) reader.type).read(reader.context, reader.emitter);
                } catch (RunSignal signal) {
                    throw signal;
                } catch (AbortRequest a) {
                    throw aborted(reader, a.getMessage(), reader.recordsOut + 1);
                } catch (Exception e) {
                    throw failed(reader, e, reader.recordsOut + 1);
                }
                progress(reader);
            }
            for (StepRuntime s : opened) {
                current = s;
                try (MdcScope m = MdcScope.put(MdcKeys.STEP, s.alias)) {
                    s.processor.finish(s.emitter);
                } catch (RunSignal signal) {
                    throw signal;
                } catch (AbortRequest a) {
                    throw aborted(s, a.getMessage(), 0);
                } catch (Exception e) {
                    throw failed(s, e, 0);
                }
            }
            ok = true;
        } finally {
            RunSignal closeFailure = null;
            Collections.reverse(opened);
            for (StepRuntime s : opened) {
                try {
                    s.processor.close();
                } catch (Exception e) {
                    if (ok && closeFailure == null) {
                        closeFailure = failed(s, e, 0);
                    } else {
                        log.warn("Closing step '{}' after a failure also failed: {}", s.alias,
                                tree.redactor().scrub(describe(e)));
                    }
                }
            }
            long elapsed = System.nanoTime() - t0;
            for (StepRuntime s : active) {
                s.nanos += elapsed;
            }
            if (closeFailure != null) {
                throw closeFailure;
            }
        }
        for (StepRuntime s : active) {
            s.setStatus(RunStatus.FINISHED);
            notifyStepFinished(s);
        }
    }

    private EmitterImpl emitterFor(StepRuntime s, List<StepRuntime> active) {
        List<String> labels = s.type.outputLabels(s.step.config());
        List<FlowGraph.Edge> outs = new ArrayList<>();
        for (FlowGraph.Edge e : graph.outputs(s.alias)) {
            if (runtimes.get(e.to()).type.kind().isFlow()) {
                outs.add(e);
            }
        }
        int count = !labels.isEmpty() ? labels.size() : s.type.outputPerDependant() ? outs.size() : 1;
        List<List<StepRuntime>> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            targets.add(new ArrayList<>());
        }
        boolean positional = !labels.isEmpty() || s.type.outputPerDependant();
        for (FlowGraph.Edge e : outs) {
            StepRuntime target = runtimes.get(e.to());
            if (!active.contains(target)) {
                continue;
            }
            int index = positional ? e.output() - 1 : 0;
            if (index >= 0 && index < count) {
                targets.get(index).add(target);
            }
        }
        StepRuntime[][] arr = new StepRuntime[count][];
        for (int i = 0; i < count; i++) {
            arr[i] = targets.get(i).toArray(EmitterImpl.none());
        }
        return new EmitterImpl(s, arr);
    }

    void progress(StepRuntime reader) {
        long n = reader.recordsOut;
        notify(l -> l.progress(info, reader.alias, n));
    }

    // ---- failures ----------------------------------------------------------------------------------------------

    RunSignal failed(StepRuntime s, Throwable e, long recordNumber) {
        String message = tree.redactor().scrub(describe(e));
        Throwable shown = tree.redactor().scrubbed(e);
        log.debug("Step '{}' failed on record {}", s.alias, recordNumber, shown);
        return new RunSignal(new StepExecutionException(message, flow.name(), s.alias, s.typeId, recordNumber,
                shown));
    }

    RunSignal aborted(StepRuntime s, String reason, long recordNumber) {
        String message = tree.redactor().scrub(reason);
        return new RunSignal(new DataflowAbortedException(message, flow.name(), s.alias, s.typeId, recordNumber));
    }

    /** A message for an exception that says what went wrong without its class name when that is clear. */
    static String describe(Throwable e) {
        if (e instanceof ExpressionException) {
            ExpressionException x = (ExpressionException) e;
            StringBuilder sb = new StringBuilder(x.getOriginalMessage());
            x.expression().ifPresent(expr -> sb.append(" in expression ")
                    .append(io.dataflows.internal.expr.ExpressionText.quote(expr)));
            x.field().ifPresent(f -> sb.append(" (").append(f).append(')'));
            return sb.toString();
        }
        if (e instanceof DataflowException) {
            return ((DataflowException) e).getOriginalMessage();
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return (e.getMessage() == null ? "" : e.getMessage() + ": ") + describe(e.getCause());
        }
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "No such file or directory: " + m;
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied: " + m;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File already exists: " + m;
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory: " + m;
        }
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return m;
        }
        return e.getClass().getSimpleName() + ": " + m;
    }

    // ---- listeners ---------------------------------------------------------------------------------------------

    private void notifyStepFinished(StepRuntime s) {
        StepResult r = new StepResult(s.alias, s.typeId, s.status, s.recordsIn, s.recordsOut,
                Duration.ofNanos(s.nanos));
        notify(l -> l.stepFinished(info, r));
    }

    private void notify(java.util.function.Consumer<RunListener> call) {
        for (RunListener l : settings.listeners()) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.error("RunListener {} threw; ignored", l.getClass().getName(), e);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        ScratchDirectories.delete(dir);
    }

}
