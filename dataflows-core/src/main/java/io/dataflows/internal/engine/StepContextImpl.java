package io.dataflows.internal.engine;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.ExpressionException;
import io.dataflows.HostFunctions;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.VarTree;
import io.dataflows.spi.AsyncRecordTask;
import io.dataflows.spi.CancelRegistration;
import io.dataflows.spi.Effects;
import io.dataflows.spi.Expression;
import io.dataflows.spi.FileAccess;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepState;
import io.dataflows.spi.Template;
import io.dataflows.spi.Variables;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@link StepContext} of one step in one run. */
final class StepContextImpl implements StepContext {

    private final RunEnvironment run;
    private final StepRuntime step;
    private final StepConfig config;
    private final Effects effects;
    private final StepState state;
    /** A reader's file access, which tracks how far it has read; made on first use. */
    private FileAccess readerFiles;

    StepContextImpl(RunEnvironment run, StepRuntime step, StepConfig config, Effects effects, StepState state) {
        this.run = run;
        this.step = step;
        this.config = config;
        this.effects = effects;
        this.state = state;
    }

    @Override
    public String dataflowName() {
        return run.dataflowName();
    }

    @Override
    public String stepAlias() {
        return step.alias;
    }

    @Override
    public String stepType() {
        return step.typeId;
    }

    @Override
    public String runId() {
        return run.runId();
    }

    @Override
    public boolean isDryRun() {
        return run.isDryRun();
    }

    @Override
    public StepConfig config() {
        return config;
    }

    @Override
    public DataRecord record() {
        step.catchUp("record");
        DataRecord r = step.node.record();
        return r == null || step.type.kind() == io.dataflows.spi.StepKind.READER ? DataRecord.empty() : r;
    }

    @Override
    public Variables variables() {
        step.catchUp("variables");
        return run.variables();
    }

    @Override
    public void output(String name, Object value) {
        step.catchUp("output");
        VarTree tree = run.tree();
        tree.replace("steps." + step.alias + "." + name, value);
    }

    @Override
    public Expression expression(String source) {
        try {
            return new BoundExpression(run.tree().expressions().compileCondition(source), step.scope, step.alias,
                    null);
        } catch (ExpressionException e) {
            throw e.in(step.alias, null);
        }
    }

    @Override
    public Template template(String source) {
        try {
            return new BoundTemplate(run.tree().expressions().template(source), step.scope, step.alias, null);
        } catch (ExpressionException e) {
            throw e.in(step.alias, null);
        }
    }

    @Override
    public Path resolvePath(String path, PathAccess access) {
        return run.paths().resolve(path, access);
    }

    @Override
    public FileAccess files() {
        FileAccess files = run.paths().files();
        if (!step.isReader()) {
            return files;
        }
        if (readerFiles == null) {
            readerFiles = new ReaderFiles(files, step);
        }
        return readerFiles;
    }

    @Override
    public Path baseDir() {
        return run.paths().baseDir();
    }

    @Override
    public Path scratchDir() {
        return run.scratchDir();
    }

    @Override
    public Effects effects() {
        step.catchUp("effects");
        return effects;
    }

    @Override
    public StepState state() {
        step.catchUp("state");
        return state;
    }

    @Override
    public List<QueuedEvent> claimEvents(int limit) {
        return run.claimEvents(limit);
    }

    @Override
    public RecordProcessor concurrentProcessor(int concurrency, AsyncRecordTask task) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1: " + concurrency);
        }
        return new ConcurrentProcessor(step, run.control(), concurrency, java.util.Objects.requireNonNull(task, "task"));
    }

    @Override
    public HostFunctions hostFunctions() {
        return run.settings().hostFunctions();
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(run.settings().services().get(type)));
    }

    @Override
    public DataSource dataSource() {
        Map<String, DataSource> all = run.dataSources();
        if (all.isEmpty()) {
            return StepContext.super.dataSource();
        }
        return all.values().iterator().next();
    }

    @Override
    public DataSource dataSource(String name) {
        DataSource ds = run.dataSources().get(name);
        if (ds == null) {
            Map<String, DataSource> all = run.dataSources();
            throw new DataflowException("Unknown connection '" + name + "'. " + (all.isEmpty()
                    ? "No database connection is configured: register a data source with "
                    + "DataflowEngine.builder().dataSource(name, dataSource)."
                    : "Known connections: " + String.join(", ", all.keySet()) + "."));
        }
        return ds;
    }

    @Override
    public String tablePrefix() {
        return run.tablePrefix();
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot sleep a negative duration: " + duration);
        }
        run.sleeper().sleep(duration);
    }

    @Override
    public CancelRegistration onCancel(Runnable action) {
        return run.control().onCancel(step.alias, action);
    }

    @Override
    public long regexStepLimit() {
        return run.tree().expressions().limits().regexStepLimit();
    }

    @Override
    public PrintStream out() {
        return run.output();
    }

    @Override
    public String redact(String text) {
        Redactor r = run.tree().redactor();
        return r.scrub(text);
    }

    @Override
    public RuntimeException abort(String reason) {
        return new AbortRequest(reason == null || reason.isEmpty() ? "Aborted" : reason);
    }

    @Override
    public String toString() {
        return "StepContext[" + run.dataflowName() + " › " + step.alias + "]";
    }
}
