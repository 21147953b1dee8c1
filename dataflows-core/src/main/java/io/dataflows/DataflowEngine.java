package io.dataflows;

import io.dataflows.internal.engine.EngineSettings;
import io.dataflows.internal.engine.ExternalRunExecution;
import io.dataflows.internal.engine.PathResolver;
import io.dataflows.internal.engine.RunControl;
import io.dataflows.internal.engine.RunExecution;
import io.dataflows.internal.engine.TriggerConfig;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.expr.ExpressionLimits;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.internal.validate.Validator;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.TriggerStep;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * Validates and runs dataflows.
 *
 * <h2>Engines should be shared</h2>
 * An engine holds the step registry, compiled expressions, the state store and the listeners. It is immutable and
 * thread-safe: build one per application and run any number of dataflows with it, from any thread.
 *
 * <pre>{@code
 * DataflowEngine engine = DataflowEngine.builder()
 *     .globalVar("env", "prod")                       // global.vars.env
 *     .permittedDirectory(Path.of("/data"))           // absolute paths steps may use
 *     .build();                                       // discovers step types with ServiceLoader
 * ValidationReport report = engine.validate(flow);   // every problem; never throws
 * RunResult result = engine.run(flow, RunOptions.builder().dryRun(true).build());
 * }</pre>
 *
 * <h2>Errors</h2>
 * {@link #run} throws only when a run cannot start: an invalid dataflow ({@link DataflowValidationException}) or a
 * disabled one started by an automated trigger. A step that fails aborts the run, and {@code run} returns a
 * {@link RunResult} with status {@code ABORTED} and the failure. When another run of a non-concurrent dataflow holds
 * the lock, the result's status is {@code BLOCKED} and nothing ran (the attempt is recorded in the run history, and
 * {@link RunOptions.Builder#waitForLock} waits for the lock first).
 *
 * <h2>Runs in the background, cancelling</h2>
 * {@link #start} runs a dataflow on a thread of its own and returns a {@link RunHandle} to watch, wait for or cancel
 * it; {@link RunOptions.Builder#timeout} and {@link Thread#interrupt()} cancel a run too. A cancelled run ends
 * {@link RunStatus#CANCELLED}, a clean end distinct from {@code ABORTED}: see {@link RunHandle}. Listeners are
 * called on the thread executing the run: see {@link RunListener}.
 *
 * <h2>Dry runs</h2>
 * With {@link RunOptions.Builder#dryRun}, readers read and expressions evaluate, but every effect outside the run's
 * scratch directory is skipped and listed in {@link RunResult#effects()}, and nothing is persisted.
 *
 * <h2>Limits</h2>
 * Flows are data and may come from outside, so what an expression can build is bounded: text of at most
 * {@link Builder#maxStringLength} characters (default 16 Mi), lists and maps of at most {@link Builder#maxListSize}
 * items (default 1 Mi), the same totals for what one variable holds, and at most {@link Builder#regexStepLimit}
 * characters read by one regular expression match (default 100 million), so a catastrophically backtracking
 * pattern fails instead of running for ever. Expressions nest at most 128 levels. Passing a limit fails the
 * expression, and so the step, with a message naming the limit; {@code docs/expressions.md} lists them all.
 *
 * <h2>Errors of the Java runtime</h2>
 * A {@link VirtualMachineError} ({@link OutOfMemoryError}, {@link StackOverflowError}) or any other {@link Error}
 * thrown while a run executes is not a step failure: the run is recorded as aborted where possible, its lock and
 * scratch directory are released, and the error propagates out of {@link #run}.
 *
 * <h2>Databases</h2>
 * SQL steps ({@code reader_sql}, {@code connector_sql}, {@code flow_sql}) use the {@link DataSource}s registered with
 * {@link Builder#dataSource}: a step's {@code connection} config names one, and steps without it use the first
 * registered. The engine never closes them; pool them (HikariCP) and close them when the engine is no longer used.
 * Keep state in a database with {@link StateStores#jdbc(DataSource)}.
 */
public final class DataflowEngine {

    private final EngineSettings settings;
    private final Validator validator;

    private DataflowEngine(EngineSettings settings) {
        this.settings = settings;
        this.validator = validator(settings.baseDir());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The step types this engine knows. */
    public StepRegistry registry() {
        return settings.registry();
    }

    /** The state store (persisted variables, run history, locks). */
    public StateStore stateStore() {
        return settings.store();
    }

    /** The data sources SQL steps may use, by name, in registration order (unmodifiable; the first is the default). */
    public Map<String, DataSource> dataSources() {
        return settings.dataSources();
    }

    /** The functions of the application that flows may call. */
    public HostFunctions hostFunctions() {
        return settings.hostFunctions();
    }

    /** The service registered under {@code type} with {@link Builder#service}, if any. */
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(settings.services().get(Objects.requireNonNull(type, "type"))));
    }

    /** The prefix that replaces Moodle-style {@code {table}} names in SQL steps (empty by default). */
    public String tablePrefix() {
        return settings.tablePrefix();
    }

    /**
     * Lists every problem of {@code flow}, as {@link #run(Dataflow)} would meet them; never throws for a bad
     * definition. {@link #run(Dataflow)} refuses a dataflow with errors and runs one that has only warnings
     * ({@link Problem#isWarning()}). Absolute paths in config are checked against the permitted directories, relative paths against
     * the engine's {@link Builder#baseDirectory base directory}; without one, a relative path a step writes is a
     * problem (see {@link Builder#baseDirectory}).
     */
    public ValidationReport validate(Dataflow flow) {
        Objects.requireNonNull(flow, "flow");
        return new ValidationReport(flow.name(), validator.validate(flow));
    }

    /**
     * Like {@link #validate(Dataflow)}, resolving relative paths against the options' base directory (or else the
     * engine's); the dataflow variables the options set count as defined.
     */
    public ValidationReport validate(Dataflow flow, RunOptions options) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(options, "options");
        Validator v = options.baseDir().isEmpty() ? validator : validator(options.baseDir().get());
        return new ValidationReport(flow.name(), v.validate(flow, options.vars().keySet()));
    }

    /** A validator resolving relative paths against {@code baseDir}, or refusing relative paths to write. */
    private Validator validator(Path baseDir) {
        return new Validator(settings.registry(), settings.expressions(), baseDir == null
                ? PathResolver.forValidationWithoutBase(settings.permittedDirs(), settings.dataRoot())
                : new PathResolver(baseDir, null, settings.permittedDirs(),
                        settings.dataRoot() != null ? settings.dataRoot() : baseDir), settings.hostFunctions(),
                settings.services(), settings.lenientExpressions());
    }

    /**
     * What starts {@code flow} by itself: its trigger step's {@link TriggerSpec}, or empty when it has no trigger
     * step (it runs only when asked). The scheduler calls this; it does not look at {@link Dataflow#isEnabled()}.
     *
     * <p>The trigger's config is read now, before any run: its {@code ${{ }}} values are evaluated against
     * {@code secrets.*} (from the engine's {@link SecretProvider}, so a webhook's {@code token} may be
     * {@code ${{ secrets.hook_token }}}), {@code global.vars}, {@code dataflow.name}, {@code dataflow.vars} (as
     * defined, then as persisted) and {@code env}. A schedule that names no time zone is read in the zone of the
     * engine's {@link Builder#clock clock} (UTC by default).
     *
     * @throws DataflowValidationException if the dataflow is invalid (a trigger is only read from a valid one)
     * @throws DataflowException if the trigger's config cannot be read: an expression that fails, or a value it
     *     gave that the trigger refuses (the message names the dataflow, the step and the field)
     */
    public Optional<TriggerSpec> trigger(Dataflow flow) {
        return trigger(flow, RunOptions.defaults());
    }

    /**
     * Like {@link #trigger(Dataflow)} for a dataflow whose triggered runs get {@code options}: it is validated with
     * them ({@link #validate(Dataflow, RunOptions)}), so a dataflow that is valid only with their base directory or
     * variables has its trigger read too.
     *
     * @throws DataflowValidationException if the dataflow is invalid with these options
     * @throws DataflowException if the trigger's config cannot be read
     */
    public Optional<TriggerSpec> trigger(Dataflow flow, RunOptions options) {
        ValidationReport report = validate(flow, options);
        if (!report.isValid()) {
            throw new DataflowValidationException(flow.name(), report);
        }
        for (Step step : flow.steps()) {
            if (settings.registry().find(step.type()).orElse(null) instanceof TriggerStep t) {
                Map<String, Object> config;
                try {
                    config = TriggerConfig.resolve(settings, flow, step, t);
                } catch (ExpressionException e) {
                    throw new DataflowException("Cannot read the trigger of dataflow '" + flow.name() + "': "
                            + e.getMessage(), flow.name(), step.alias(), e);
                }
                try {
                    return Optional.of(t.trigger(step.alias(), config, settings.clock().getZone()));
                } catch (IllegalArgumentException e) {
                    throw new DataflowException("Cannot read the trigger of dataflow '" + flow.name() + "': step '"
                            + step.alias() + "': " + e.getMessage(), flow.name(), step.alias(), e);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The directory relative paths resolve against when a run's options give none
     * ({@link Builder#baseDirectory}).
     */
    public Optional<Path> baseDirectory() {
        return Optional.ofNullable(settings.baseDir());
    }

    /** Runs {@code flow} with {@link RunOptions#defaults()}. */
    public RunResult run(Dataflow flow) {
        return run(flow, RunOptions.defaults());
    }

    /**
     * Runs {@code flow} on the calling thread and returns when it has ended. {@link Thread#interrupt()} of the
     * calling thread, or the options' {@link RunOptions#timeout() timeout}, cancels the run (see {@link RunHandle});
     * the thread's interrupt status is kept for the caller.
     *
     * @throws DataflowValidationException if the dataflow is invalid (has validation errors); no step runs
     * @throws DataflowException if an automated run is asked for a disabled dataflow, or when the state store
     *     cannot take the run lock or record the start of the run (a database that is not there)
     */
    public RunResult run(Dataflow flow, RunOptions options) {
        RunExecution execution = prepare(flow, options);
        return execution.execute(new RunControl(flow.name()));
    }

    /**
     * Starts {@code flow} on a new thread ({@code dataflows-run-<name>}) and returns at once with a handle to wait
     * for, watch or cancel the run. The checks that make {@link #run} throw are made here, on the calling thread;
     * a state store that fails later completes {@link RunHandle#result()} exceptionally.
     *
     * @throws DataflowValidationException if the dataflow is invalid (has validation errors); no step runs
     * @throws DataflowException if an automated run is asked for a disabled dataflow
     */
    public RunHandle start(Dataflow flow, RunOptions options) {
        // A platform thread per run, not a daemon: the JVM does not exit in the middle of a run that writes files.
        RunExecution execution = prepare(flow, options);
        RunControl control = new RunControl(flow.name());
        Thread thread = new Thread(() -> {
            try {
                execution.execute(control);
            } catch (RuntimeException | Error e) {
                // Already in the handle's future, which is where the caller looks for it.
                LoggerFactory.getLogger("io.dataflows.run").debug("Run of dataflow '{}' failed to run", flow.name(),
                        e);
            }
        }, "dataflows-run-" + flow.name());
        thread.start();
        return control;
    }

    /**
     * Runs {@code flow} with {@code executor}, which executes it elsewhere than in this engine (a dataflow translated
     * to an Apache Beam pipeline), on the calling thread, and records it in the state store as this engine records
     * its own runs: the run lock of a non-concurrent dataflow (a {@link RunStatus#BLOCKED} result, without calling
     * {@code executor}, when another run holds it), the start with a run id and name, and the end with the status,
     * the error and what the steps did ({@link RunResult#summary()}), also when {@code executor} throws. The result is
     * the executor's with the recorded id, name, start and end. Listeners are not told of such a run.
     *
     * @throws DataflowValidationException if the dataflow is invalid (has validation errors); nothing runs
     * @throws DataflowException if an automated run is asked for a disabled dataflow, or when the state store
     *     cannot take the run lock or record the start of the run
     */
    public RunResult runWith(Dataflow flow, RunOptions options, RunExecutor executor) {
        Objects.requireNonNull(executor, "executor");
        return new ExternalRunExecution(settings, flow, checked(flow, options), options).execute(executor);
    }

    /**
     * Runs {@code flow} on the calling thread as {@link #run} does — the run lock, the run record, listeners, the
     * variable tree, the connector steps run by this engine — except that each flow block (a reader's records through
     * flow steps to writers) is executed by {@code executor}, which gets the variables as the connectors before the
     * block left them and returns what the block's steps did. The connectors after the block see those counts
     * ({@code steps.<alias>.iterations}) as in a local run. A block that fails aborts the run with its step's
     * failure; one that is cancelled cancels the run.
     *
     * @throws DataflowValidationException if the dataflow is invalid (has validation errors); nothing runs
     * @throws DataflowException if an automated run is asked for a disabled dataflow
     * @throws RuntimeException what {@code executor} throws (a pipeline that failed for another reason than a step),
     *     after the run is recorded aborted with its message
     */
    public RunResult runWithFlowBlocks(Dataflow flow, RunOptions options, FlowBlockExecutor executor) {
        Objects.requireNonNull(executor, "executor");
        return new RunExecution(settings, flow, checked(flow, options), options, executor)
                .execute(new RunControl(flow.name()));
    }

    private RunExecution prepare(Dataflow flow, RunOptions options) {
        return new RunExecution(settings, flow, checked(flow, options), options, null);
    }

    /** The graph of a dataflow that may run: valid, and enabled unless the run is manual. */
    private FlowGraph checked(Dataflow flow, RunOptions options) {
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(options, "options");
        ValidationReport report = validate(flow, options);
        if (!report.isValid()) {
            throw new DataflowValidationException(flow.name(), report);
        }
        if (!flow.isEnabled() && options.trigger().isAutomated()) {
            throw new DataflowException("Trying to run a disabled dataflow.", flow.name(), null, null);
        }
        return FlowGraph.of(flow, settings.registry());
    }

    @Override
    public String toString() {
        return "DataflowEngine[" + settings.registry().ids().size() + " step types, expressions "
                + settings.expressions().mode() + "]";
    }

    /** Builds a {@link DataflowEngine}. Not thread-safe; {@link #build} may be called more than once. */
    public static final class Builder {
        private StepRegistry registry;
        private final Map<String, Object> globalVars = new LinkedHashMap<>();
        private final List<Path> permitted = new ArrayList<>();
        private StateStore store;
        private SecretProvider secrets = SecretProvider.none();
        private final List<RunListener> listeners = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private final Map<String, String> env = new LinkedHashMap<>();
        private PrintStream output;
        private Path scratchRoot = Path.of(System.getProperty("java.io.tmpdir"));
        private ExpressionMode expressionMode = ExpressionMode.COMPILED;
        private int maxStringLength = ExpressionLimits.DEFAULT_MAX_STRING_LENGTH;
        private int maxListSize = ExpressionLimits.DEFAULT_MAX_LIST_SIZE;
        private long regexStepLimit = ExpressionLimits.DEFAULT_REGEX_STEP_LIMIT;
        private final Map<String, DataSource> dataSources = new LinkedHashMap<>();
        private String tablePrefix = "";
        private Sleeper sleeper = Sleeper.SYSTEM;
        private Path baseDirectory;
        private final Map<String, HostFunction> hostFunctions = new LinkedHashMap<>();
        private final Map<String, HostFunction> readOnlyHostFunctions = new LinkedHashMap<>();
        private final Map<Class<?>, Object> services = new LinkedHashMap<>();
        private final Map<String, Object> globalCfg = new LinkedHashMap<>();
        private Path dataRoot;
        private Locale locale = Locale.ENGLISH;
        private boolean lenientExpressions;
        private boolean readAhead;
        private boolean writeBehind;

        private static final Pattern HOST_FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
        private static final Pattern CONNECTION_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
        private static final Pattern TABLE_PREFIX = Pattern.compile("[A-Za-z0-9_]*");

        private Builder() {}

        /** The step types to use; default: {@link StepRegistry#discover()}. */
        public Builder stepRegistry(StepRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            return this;
        }

        /** Sets {@code global.vars.<name>}; the value may hold expressions. */
        public Builder globalVar(String name, Object value) {
            globalVars.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder globalVars(Map<String, ?> vars) {
            vars.forEach(this::globalVar);
            return this;
        }

        /**
         * Sets {@code global.cfg.<name>}: a setting of the host application that flows read, as tool_dataflows
         * flows read Moodle's ({@code global.cfg.wwwroot}, {@code global.cfg.supportemail}). Unlike
         * {@link #globalVar}, the value is taken as it is, never evaluated as an expression.
         *
         * @throws IllegalArgumentException if the name is empty or holds a {@code .}
         */
        public Builder globalCfg(String name, Object value) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.contains(".")) {
                throw new IllegalArgumentException("a global.cfg name must be non-empty and without '.': " + name);
            }
            globalCfg.put(name, value);
            return this;
        }

        /**
         * What a leading {@code [dataroot]} stands for in every path a flow names and in the permitted
         * directories ({@code [dataroot]/exports/out.csv}): the data directory of the application, as Moodle's
         * data root was for tool_dataflows flows. Default: the run's base directory (the flow's directory for the
         * command line), or, without one, a path starting with {@code [dataroot]} is refused.
         */
        public Builder dataRoot(Path dir) {
            this.dataRoot = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
            return this;
        }

        /** The language of the day and month names {@code userdate()} writes; default {@link Locale#ENGLISH}. */
        public Builder locale(Locale locale) {
            this.locale = Objects.requireNonNull(locale, "locale");
            return this;
        }

        /**
         * Makes expressions lenient in every run, as in tool_dataflows: a {@code ${{ }}} part of a config value or
         * variable that cannot be resolved (an unknown variable, an error, or a null value) keeps its text, and a
         * WARN log names the step, the field and the expression once per run. A flow asks for the same with
         * {@code config: {expressions: lenient}}. Default: strict, where such an expression fails the step.
         * Conditions ({@code flow_transformer_filter}, switch cases, ...) stay strict either way: their literal
         * text would count as true.
         */
        public Builder lenientExpressions(boolean lenient) {
            this.lenientExpressions = lenient;
            return this;
        }

        /**
         * Whether a reader may read ahead of the steps downstream: on a machine with more than one core, a reader
         * whose type allows it ({@code ReaderStep.canReadAhead}: the CSV, JSON and array readers) goes on reading
         * while the steps downstream work on a second thread, once it has emitted a few hundred records. Records
         * still reach every step in order, one at a time, with the same variables, counts and failures; a flow
         * block with a step given as code (a lambda) is never read ahead. Default: false, each run on one thread:
         * measured on two cores in a warm JVM, the reference workload (CSV, a filter, an alter step, JSON lines)
         * ran 1.05 to 1.37 times as fast with it, for 10 to 65 % more CPU; in a process that runs one flow and
         * exits the JVM's compiler needs the second core, and it gained nothing. It is for long-running processes
         * with a core to spare. Leave it off when the steps must run on the caller's thread — a
         * {@link #dataSource data source} bound to the caller's transaction, state kept in thread locals. With it,
         * the reader's time in the step figures overlaps the others'. See also {@link #writeBehind}.
         */
        public Builder readAhead(boolean readAhead) {
            this.readAhead = readAhead;
            return this;
        }

        /**
         * Whether a writer may write behind the steps upstream: on a machine with more than one core, a step at the
         * end of its stream whose type allows it ({@code FlowStep.canWriteBehind}: {@code writer_stream}) and that
         * declares no {@code vars} encodes and writes its records on a thread of its own, once it has received a
         * few hundred, while the reader and the steps before it go on with later records. Records still reach the
         * writer in order, one at a time; what the steps upstream see, the counts and the failures (with their
         * record numbers) are as without it; a flow block with a step given as code (a lambda) never writes behind.
         * Default: false: measured on two cores in a warm JVM, the reference workload ran 0.99 to 1.48 times as fast
         * with it, for up to 80 % more CPU, and a process that runs one flow and exits gained nothing. It is for
         * long-running processes with a core to spare. With {@link #readAhead} as well, a run can keep three threads
         * busy, which pays only with more than two cores. The writer's time in the step figures overlaps the
         * others'.
         */
        public Builder writeBehind(boolean writeBehind) {
            this.writeBehind = writeBehind;
            return this;
        }

        /** Permits absolute paths inside {@code dir} (checked on real paths, symlinks resolved). */
        public Builder permittedDirectory(Path dir) {
            permitted.add(Objects.requireNonNull(dir, "dir"));
            return this;
        }

        /** Where persisted variables, run history and locks live; default: in memory. */
        public Builder stateStore(StateStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Supplies {@code secrets.*}; default: none. */
        public Builder secretProvider(SecretProvider provider) {
            this.secrets = Objects.requireNonNull(provider, "provider");
            return this;
        }

        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** The clock for timestamps and {@code time()}; its zone is used by {@code date()}. Default: UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Exposes a host value as {@code env.<name>} (nothing from the process environment is exposed by default). */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Where step output goes (debugging writers); default: {@code System.out}. */
        public Builder output(PrintStream output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        /**
         * Where runs create their scratch directories ({@code dataflows-run-<pid>-<start>-<random>}, private to the
         * user, deleted when the run ends); default: {@code java.io.tmpdir}. The first run of a process removes the
         * scratch directories there of processes that ended without removing theirs (killed).
         */
        public Builder scratchRoot(Path dir) {
            this.scratchRoot = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * The directory relative paths resolve against in runs whose {@link RunOptions.Builder#baseDir} gives none;
         * it is also permitted for reading and writing. Default: none.
         *
         * <p>Without any base directory, relative paths to read resolve in the run's scratch directory, and a
         * relative path a step writes to ({@code writer_stream}'s {@code streamname}, the target of a file step) is
         * refused — by validation when it is written out, by the step when an expression computes it — because
         * the scratch directory is deleted when the run ends and the output would be lost without a word. To keep
         * a file in the scratch directory on purpose (for a later step to read), write
         * {@code ${{ run.scratchdir }}/name}.
         */
        public Builder baseDirectory(Path dir) {
            this.baseDirectory = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
            return this;
        }

        /** How expressions are evaluated; default {@link ExpressionMode#COMPILED}. */
        public Builder expressionMode(ExpressionMode mode) {
            this.expressionMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The longest text an expression operation may produce ({@code ~}, {@code repeat()}, a template, ...), and
         * the most characters of text one variable may hold in total. Default: 16 Mi (16,777,216) characters.
         *
         * @throws IllegalArgumentException unless {@code chars} is positive
         */
        public Builder maxStringLength(int chars) {
            if (chars < 1) {
                throw new IllegalArgumentException("maxStringLength must be positive: " + chars);
            }
            this.maxStringLength = chars;
            return this;
        }

        /**
         * The most items of a list or map an expression operation may produce ({@code 1..n}, {@code explode()},
         * {@code fromJSON()}, ...), and the most items of lists and maps one variable may hold in total. Default:
         * 1 Mi (1,048,576) items.
         *
         * @throws IllegalArgumentException unless {@code items} is positive
         */
        public Builder maxListSize(int items) {
            if (items < 1) {
                throw new IllegalArgumentException("maxListSize must be positive: " + items);
            }
            this.maxListSize = items;
            return this;
        }

        /**
         * The most characters one regular expression match may read, backtracking included ({@code matches},
         * {@code split()}, {@code flow_transformer_regex}); a match that needs more fails with a
         * message naming the pattern. Default: 100,000,000, about a second of backtracking.
         *
         * @throws IllegalArgumentException unless {@code steps} is positive
         */
        public Builder regexStepLimit(long steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("regexStepLimit must be positive: " + steps);
            }
            this.regexStepLimit = steps;
            return this;
        }

        /**
         * Registers a database connection for SQL steps under {@code name}; a step selects it with its
         * {@code connection} config. The first registered data source is the default, used by steps without
         * {@code connection}. The engine borrows connections and never closes the data source.
         *
         * @throws IllegalArgumentException if the name is not made of letters, digits, {@code _ . -} or is taken
         */
        public Builder dataSource(String name, DataSource dataSource) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(dataSource, "dataSource");
            if (!CONNECTION_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("data source name must match [A-Za-z0-9_.-]+: " + name);
            }
            if (dataSources.putIfAbsent(name, dataSource) != null) {
                throw new IllegalArgumentException("data source name registered twice: " + name);
            }
            return this;
        }

        /**
         * The prefix for Moodle-style table names in SQL steps: with {@code "mdl_"}, {@code SELECT id FROM {user}}
         * runs as {@code SELECT id FROM mdl_user}, so flows exported from tool_dataflows run unchanged. Default:
         * empty ({@code {user}} becomes {@code user}).
         *
         * @throws IllegalArgumentException unless the prefix is made of letters, digits and {@code _}
         */
        public Builder tablePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!TABLE_PREFIX.matcher(prefix).matches()) {
                throw new IllegalArgumentException("table prefix must match [A-Za-z0-9_]*: " + prefix);
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * How steps wait ({@code connector_wait}, retries): {@link Sleeper#SYSTEM} by default. Tests pass one that
         * returns at once or records the durations; it must throw {@link InterruptedException} when the waiting
         * thread is interrupted.
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * Registers a function of the application that flows may call by name ({@code flow_web_service},
         * {@code connector_update_user}, {@code flow_update_user}) and that changes something: dry runs skip it and
         * report the call as an effect. Use {@link #readOnlyHostFunction} for a function that only reads.
         *
         * @throws IllegalArgumentException if the name is not made of letters, digits, {@code _ . -} or is taken
         */
        public Builder hostFunction(String name, HostFunction function) {
            registerHostFunction(name, function, hostFunctions);
            return this;
        }

        /**
         * Registers a function of the application that flows may call by name and that only reads: dry runs call
         * it too, so that the steps after it see its result.
         *
         * @throws IllegalArgumentException if the name is not made of letters, digits, {@code _ . -} or is taken
         */
        public Builder readOnlyHostFunction(String name, HostFunction function) {
            registerHostFunction(name, function, readOnlyHostFunctions);
            return this;
        }

        private void registerHostFunction(String name, HostFunction function, Map<String, HostFunction> into) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(function, "function");
            if (!HOST_FUNCTION_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("host function name must match [A-Za-z0-9_.-]+: " + name);
            }
            if (hostFunctions.containsKey(name) || readOnlyHostFunctions.containsKey(name)) {
                throw new IllegalArgumentException("host function registered twice: " + name);
            }
            into.put(name, function);
        }

        /**
         * Registers an object that step types look up by type with {@link io.dataflows.spi.StepContext#service}
         * (and, while validating, {@link io.dataflows.spi.StepValidation#service}): the settings or client a step
         * module needs from the application, such as the SMTP server e-mail steps send through. The engine never
         * closes it.
         *
         * @throws IllegalArgumentException if a service is already registered under {@code type}
         */
        public <T> Builder service(Class<T> type, T service) {
            Objects.requireNonNull(type, "type");
            if (services.putIfAbsent(type, type.cast(Objects.requireNonNull(service, "service"))) != null) {
                throw new IllegalArgumentException("service registered twice: " + type.getName());
            }
            return this;
        }

        public DataflowEngine build() {
            StepRegistry r = registry != null ? registry : StepRegistry.discover();
            ExpressionEngine expressions = new ExpressionEngine(expressionMode,
                    new ExpressionLimits(maxStringLength, maxListSize, regexStepLimit));
            EngineSettings settings = new EngineSettings(r, expressions,
                    Collections.unmodifiableMap(new LinkedHashMap<>(globalVars)), List.copyOf(permitted),
                    store != null ? store : StateStores.inMemory(), secrets, List.copyOf(listeners), clock,
                    Collections.unmodifiableMap(new LinkedHashMap<>(env)), output != null ? output : System.out,
                    scratchRoot, Collections.unmodifiableMap(new LinkedHashMap<>(dataSources)), tablePrefix,
                    sleeper, baseDirectory, HostFunctions.of(hostFunctions, readOnlyHostFunctions),
                    Collections.unmodifiableMap(new LinkedHashMap<>(services)),
                    Collections.unmodifiableMap(new LinkedHashMap<>(globalCfg)), dataRoot, locale, lenientExpressions,
                    readAhead, writeBehind);
            return new DataflowEngine(settings);
        }
    }
}
