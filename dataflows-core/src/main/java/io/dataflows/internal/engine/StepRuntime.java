package io.dataflows.internal.engine;

import io.dataflows.DataRecord;
import io.dataflows.ExpressionException;
import io.dataflows.ReaderProgress;
import io.dataflows.RunStatus;
import io.dataflows.Step;
import io.dataflows.StepResult;
import io.dataflows.internal.expr.CompiledTemplate;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.vars.Scope;
import io.dataflows.internal.vars.SecretText;
import io.dataflows.internal.vars.SecretVariables;
import io.dataflows.internal.vars.StepNode;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepType;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One step during one run: its status, counters, variables node, and — for stream steps — its processor and
 * emitter. {@link #accept} is the per-record hot path: set the record, process, count.
 */
final class StepRuntime {

    /** Records between two progress events of a reader. */
    static final int PROGRESS_EVERY = 10_000;

    private final RunEnvironment run;
    private final RunFailures failures;
    private final RunNotifier notifier;
    private final RunControl control;
    private final StepTimer timer;
    final Step step;
    final String alias;
    final String typeId;
    final StepType type;
    final StepNode node;
    final Scope scope;
    final boolean hasInputs;
    private final boolean reader;
    StepContextImpl context;
    RunStatus status;
    long recordsIn;
    long recordsOut;
    /** The step's own time so far. */
    long nanos;
    /** Own time and count of the timed records of the current phase (see {@link StepTimer}). */
    long sampledNanos;
    long sampledRecords;
    /** Whether this step drives the current phase of its flow block (its read, or its finish). */
    boolean driving;
    /** Whether the record this step emits now is timed. */
    private boolean sampling;
    RecordProcessor processor;
    EmitterImpl emitter;
    /**
     * While this reader reads ahead, the emitter that hands its records to the steps downstream on a second thread;
     * set and cleared on the run's thread while no second thread works for it.
     */
    ReadAhead ahead;
    /**
     * While this step writes behind, what processes its records on a thread of its own; set and cleared on the run's
     * thread while no other thread works for the stream.
     */
    WriteBehind behind;
    private final String[] varNames;
    /** {@code vars.<name>} of each var, for messages; built once, not per record. */
    private final String[] varFields;
    private final Object[] varDefinitions;
    private final boolean hasVars;
    /** Per declared var: whether its value is secret (a secret field reads it); null when none is. */
    private boolean[] secretVars;
    private boolean varsPending;
    private long sinceProgress;
    /** The file this reader reads now, when it opened one through its file access; for {@link #progress()}. */
    volatile InputPosition input;

    /**
     * {@link #recordsOut} and {@link #status} as another thread reads them: opaquely, so that a long count is never
     * torn, without making the run's writes on the per-record path any dearer.
     */
    private static final VarHandle RECORDS_OUT;
    private static final VarHandle STATUS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECORDS_OUT = lookup.findVarHandle(StepRuntime.class, "recordsOut", long.class);
            STATUS = lookup.findVarHandle(StepRuntime.class, "status", RunStatus.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    StepRuntime(RunEnvironment run, RunFailures failures, RunNotifier notifier, Step step, StepType type,
            StepNode node, Scope scope, boolean hasInputs) {
        this.run = run;
        this.failures = failures;
        this.notifier = notifier;
        this.control = failures.control();
        this.timer = run.timer();
        this.step = step;
        this.alias = step.alias();
        this.typeId = step.typeId();
        this.type = type;
        this.node = node;
        this.scope = scope;
        this.hasInputs = hasInputs;
        this.reader = type.kind() == io.dataflows.spi.StepKind.READER;
        Map<String, Object> vars = step.vars();
        this.varNames = vars.keySet().toArray(new String[0]);
        this.varFields = new String[varNames.length];
        for (int i = 0; i < varNames.length; i++) {
            varFields[i] = "vars." + varNames[i];
        }
        this.varDefinitions = new Object[varNames.length];
        ExpressionEngine expressions = run.tree().expressions();
        for (int i = 0; i < varNames.length; i++) {
            varDefinitions[i] = compileVar(expressions, vars.get(varNames[i]));
        }
        this.hasVars = varNames.length > 0;
    }

    private static Object compileVar(ExpressionEngine expressions, Object v) {
        if (v instanceof String && ExpressionEngine.hasExpression((String) v)) {
            return expressions.template((String) v);
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), compileVar(expressions, e.getValue()));
            }
            return out;
        }
        return v;
    }

    void setStatus(RunStatus s) {
        if (status == s) {
            return;
        }
        status = s;
        node.states().put(s.label(), run.timestamp());
    }

    /** Whether the step's code has started: a step still waiting when the run ends did not run. */
    /** Whether this step is a reader. */
    boolean isReader() {
        return reader;
    }

    /**
     * This reader's progress now, read from any thread; empty when it has not started. The numbers are those the run
     * has written so far, possibly a few records behind.
     */
    java.util.Optional<ReaderProgress> progress() {
        RunStatus now = (RunStatus) STATUS.getOpaque(this);
        if (now == null || now.compareTo(RunStatus.PROCESSING) < 0 || now == RunStatus.NOT_RUN) {
            return java.util.Optional.empty();
        }
        InputPosition file = input;
        return java.util.Optional.of(new ReaderProgress(alias, (long) RECORDS_OUT.getOpaque(this),
                file == null ? -1 : file.read(), file == null ? -1 : file.size()));
    }

    boolean hasStarted() {
        return status == RunStatus.PROCESSING || status == RunStatus.FLOWING || isTerminal();
    }

    boolean isTerminal() {
        return status == RunStatus.FINISHED || status == RunStatus.CANCELLED || status == RunStatus.ABORTED
                || status == RunStatus.NOT_RUN
                || status == RunStatus.FINALISED;
    }

    /** Receives one record from upstream. */
    void accept(DataRecord record) {
        long n = ++recordsIn;
        node.setRecord(record);
        WriteBehind w = behind;
        if (w != null && w.goesBehind()) {
            node.incrementIterations(); // first: the record is taken even when handing it over meets the run's stop
            w.take(record, sourceRecord(n));
            return;
        }
        varsPending = hasVars;
        StepRuntime previous = timer.on ? timer.enter(this) : null;
        try {
            processor.process(record, emitter);
        } catch (RunSignal s) {
            throw s;
        } catch (Exception e) {
            throw failed(e, sourceRecord(n));
        }
        node.incrementIterations();
        if (varsPending) {
            varsPending = false;
            evaluateVars(sourceRecord(n));
        }
        if (previous != null) {
            timer.leave(previous);
        }
    }

    /**
     * What the step's exception while processing the source's record {@code source} stops the run with: the abort
     * it asked for, or its failure.
     */
    RunSignal failed(Exception e, long source) {
        if (e instanceof AbortRequest) {
            return failures.aborted(this, e.getMessage(), source);
        }
        return failures.failed(this, e, source);
    }

    /**
     * The number a failure on this step's {@code n}th record is reported with: the row of the source being read
     * (a filter upstream does not shift it), or {@code n} when no reader drives the stream (a step's finish).
     */
    private long sourceRecord(long n) {
        StepRuntime d = timer.driver();
        return d != null && d.reader ? d.recordsOut : n;
    }

    /** The source row of the record being processed now (see {@link #sourceRecord}). */
    long currentSourceRecord() {
        return sourceRecord(recordsIn);
    }

    /**
     * Leaves the current record's vars unevaluated: its result comes later, through {@link #resume}, after the
     * step has passed on earlier records.
     */
    void defer() {
        varsPending = false;
    }

    /**
     * Positions the step back on an earlier record whose deferred result is now ready: its record, then its
     * outputs, then its vars — what the steps downstream read while that record passes through them.
     */
    void resume(DataRecord input, Map<String, Object> outputs, long sourceRecord) {
        node.setRecord(input);
        for (Map.Entry<String, Object> e : outputs.entrySet()) {
            context.output(e.getKey(), e.getValue());
        }
        if (hasVars) {
            evaluateVars(sourceRecord);
        }
    }

    RunFailures failures() {
        return failures;
    }

    /** Called by the emitter before a record goes downstream; where a run stops between records. */
    void beforeEmit(DataRecord record) {
        control.checkpoint();
        long out = ++recordsOut;
        if (driving && StepTimer.isSampled(out)) {
            sampling = true;
            timer.beginSample(this);
        }
        if (reader) {
            node.setRecord(record);
            node.incrementIterations();
            if (hasVars) {
                evaluateVars(recordsOut);
            }
            if (++sinceProgress >= PROGRESS_EVERY) {
                sinceProgress = 0;
                if (ahead == null) {
                    notifier.progress(this, recordsOut);
                }
            }
        } else if (varsPending) {
            varsPending = false;
            evaluateVars(sourceRecord(recordsIn));
        }
    }

    /**
     * Before the context's {@code call}: waits, when this reader reads ahead, until the steps downstream have
     * processed every record it emitted, so that calls that show or change what they also see come after them, as
     * without reading ahead; fails when this step writes behind and calls from the thread it writes on.
     */
    void catchUp(String call) {
        ReadAhead a = ahead;
        if (a != null) {
            a.catchUp();
        }
        WriteBehind w = behind;
        if (w != null) {
            w.refuseContextCall(call);
        }
    }

    /** Called by the emitter when a record has gone through every step downstream. */
    void afterEmit() {
        if (sampling) {
            sampling = false;
            timer.endSample();
        }
    }

    /** Notes which of the step's vars are secret, so that their values are registered with the redactor. */
    void hideSecretVars(SecretVariables secrets) {
        for (int i = 0; i < varNames.length; i++) {
            if (secrets.touches("steps." + alias + ".vars." + varNames[i])) {
                if (secretVars == null) {
                    secretVars = new boolean[varNames.length];
                }
                secretVars[i] = true;
            }
        }
    }

    /** Evaluates the step's declared {@code vars} into {@code steps.<alias>.vars}. */
    void evaluateVars(long recordNumber) {
        for (int i = 0; i < varNames.length; i++) {
            try {
                Object value = run.tree().stepVariable(alias, varNames[i], evaluateVar(varDefinitions[i],
                        varFields[i], secretVars != null && secretVars[i]));
                if (secretVars != null && secretVars[i]) {
                    run.tree().redactor().addAll(value);
                }
                node.vars().put(varNames[i], value);
            } catch (ExpressionException e) {
                ExpressionException located = e.in(alias, varFields[i]);
                if (secretVars != null && secretVars[i]) {
                    located = SecretText.hidden("the secret variable steps." + alias + ".vars." + varNames[i], located);
                }
                throw failures.failed(this, located, recordNumber);
            } catch (RuntimeException e) {
                throw failures.failed(this, e, recordNumber);
            }
        }
    }

    private Object evaluateVar(Object definition, String field, boolean secret) {
        if (definition instanceof CompiledTemplate) {
            return ((CompiledTemplate) definition).evaluate(scope, run.tree().unresolved(alias, field, secret));
        }
        if (definition instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) definition).entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, evaluateVar(e.getValue(), run.tree().isLenient() ? field + "." + key : field, secret));
            }
            return out;
        }
        return definition;
    }

    boolean hasVars() {
        return hasVars;
    }

    /** What the step did so far. */
    StepResult result() {
        return Results.factory().stepResult(alias, typeId, status, recordsIn, recordsOut, Duration.ofNanos(nanos));
    }

    @Override
    public String toString() {
        return alias + "(" + status.label() + ")";
    }
}
