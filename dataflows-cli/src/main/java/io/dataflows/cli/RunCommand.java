package io.dataflows.cli;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.StepRegistry;
import io.dataflows.Trigger;
import io.dataflows.ValidationReport;
import io.dataflows.dot.RunState;
import io.dataflows.spi.DataflowRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dataflows run FLOW.yml}: a manual run. */
@Command(name = "run", description = "Run a dataflow (a manual run: disabled dataflows run too, with a warning).",
        mixinStandardHelpOptions = true, sortOptions = false)
final class RunCommand implements Callable<Integer> {

    /** The default {@code --state-dir}. */
    static final String DEFAULT_STATE_DIR = ".dataflows";
    /** The default {@code --table-prefix}: none. */
    static final String DEFAULT_TABLE_PREFIX = "";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FLOW", description = "The dataflow definition (YAML, or JSON by extension).")
    Path flow;

    @Option(names = "--dry-run", description = "Read and evaluate, but skip and report every effect.")
    boolean dryRun;

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Override dataflow.vars.NAME (YAML scalar).")
    List<String> vars = new ArrayList<>();

    @Option(names = "--global", paramLabel = "NAME=VALUE", description = "Set global.vars.NAME (YAML scalar).")
    List<String> globals = new ArrayList<>();

    @Option(names = "--allow", paramLabel = "DIR",
            description = "Also permit absolute paths inside DIR; a leading [dataroot] stands for the data root.")
    List<Path> allow = new ArrayList<>();

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = DEFAULT_STATE_DIR,
            description = "Where the embedded databases live (default: ${DEFAULT-VALUE}): the state (persisted "
                    + "variables, run history, locks) in dataflows.mv.db, and the flows' own data, the default "
                    + "connection of SQL steps, in dataflows-data.mv.db, used as a user without administrator rights "
                    + "(read-only in dry runs).")
    Path stateDir;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Keep the state in this database (e.g. jdbc:postgresql://host/db) instead of the embedded "
                    + "one; user and password from DATAFLOWS_DB_USER and DATAFLOWS_DB_PASSWORD. Without --data-db "
                    + "it is also the default connection of SQL steps, with the same role: prefer --data-db.")
    String db;

    @Option(names = "--data-db", paramLabel = "JDBC_URL",
            description = "The default connection of SQL steps (the flows' own data); user and password from "
                    + "DATAFLOWS_DATA_DB_USER and DATAFLOWS_DATA_DB_PASSWORD. Give it a role that can reach "
                    + "nothing but the flows' data.")
    String dataDb;

    @Option(names = "--table-prefix", paramLabel = "PREFIX", defaultValue = DEFAULT_TABLE_PREFIX,
            description = "Prefix for {table} names in SQL steps, as in Moodle (e.g. mdl_); default: none.")
    String tablePrefix;

    @Option(names = "--state-out", paramLabel = "FILE.json",
            description = "Write the final run state as JSON (atomically; secrets as *****).")
    Path stateOut;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Write an HTML page of the run when it ends, also when it aborts (as 'dataflows report' "
                    + "makes it; atomically; secrets as *****).")
    Path reportOut;

    @Option(names = "--secret", paramLabel = "NAME=@FILE",
            description = "Make the content of FILE (one trailing newline removed) the secret secrets.NAME. Also read "
                    + "from the environment: DATAFLOWS_SECRET_<NAME>, NAME as written, then upper-cased.")
    List<String> secrets = new ArrayList<>();

    @CommandLine.Mixin
    SmtpOptions smtp = new SmtpOptions();

    @CommandLine.Mixin
    HostOptions hostOptions = new HostOptions();

    /** The GnuPG home of GPG steps that name no key ring. */
    @CommandLine.Mixin
    GnupgOptions gnupg = new GnupgOptions();

    @Option(names = "--runner", paramLabel = "RUNNER", defaultValue = LOCAL,
            description = "Where the run executes: local (the default: this process's engine), beam (an Apache Beam "
                    + "pipeline on Beam's direct runner, in this process) or flink (a Beam pipeline on Apache Flink, "
                    + "see --flink-master). beam and flink need the dataflows-beam module, which ./dataflows adds, "
                    + "and a flow whose steps can run distributed.")
    String runner;

    @Option(names = "--flink-master", paramLabel = "HOST:PORT",
            description = "With --runner flink: the JobManager of the Flink cluster (its REST port); default "
                    + "[local], Flink's own mini cluster in this process.")
    String flinkMaster;

    @Option(names = "--parallelism", paramLabel = "N",
            description = "With --runner flink: how many parallel workers each stage of the pipeline has "
                    + "(default: Flink's, for [local] the number of processors).")
    Integer parallelism;

    @Option(names = "--read-ahead", description = "Let the CSV, JSON and array readers read ahead: past their first "
            + "512 records the steps after them work on a second thread, in the same order (with more than one "
            + "core). Off by default.")
    boolean readAhead;

    @Option(names = "--write-behind", description = "Let writer_stream write behind: past its first 512 records it "
            + "encodes and writes them on a thread of its own, in the same order, while the steps before it go on "
            + "(with more than one core). Off by default.")
    boolean writeBehind;

    @Option(names = "--quiet", description = "Log only warnings and errors; no progress line.")
    boolean quiet;

    @Option(names = "--progress", description = "Show the progress line on stderr even when it is not a terminal "
            + "(by default it shows only on a terminal): per reader, records read, records per second and, for "
            + "files, the share read and the time left.")
    boolean progress;

    @Option(names = "--verbose", description = "Log debug details.")
    boolean verbose;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    private DatabaseOpening preOpened;
    /** The progress line of this run, when it shows one. */
    private ProgressLine progressLine;

    /** Where {@code --report} writes, once checked. */
    private StateOutFile reportFile;

    RunCommand(PrintStream out, PrintStream err, Map<String, String> env, DatabaseOpening preOpened) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.preOpened = preOpened;
    }

    /** Closes a database opened early for a command line that did not get as far as using it. */
    void discardUnclaimed() {
        if (preOpened != null) {
            preOpened.discard();
            preOpened = null;
        }
    }

    /**
     * The command's picocli model. A command line read without picocli ({@link PlainCommandLine}) has none until
     * this builds it, which in practice happens only to report a usage error.
     */
    CommandLine commandLine() {
        if (spec == null) {
            new CommandLine(this); // sets spec
        }
        return spec.commandLine();
    }

    @Override
    public Integer call() {
        if (quiet && verbose) {
            throw new CommandLine.ParameterException(commandLine(), "--quiet and --verbose exclude each other");
        }
        if (quiet && progress) {
            throw new CommandLine.ParameterException(commandLine(), "--quiet and --progress exclude each other");
        }
        checkRunner();
        if (!runner.equals(LOCAL) && !DistributedRun.isAvailable(runner)) {
            err.println("dataflows: --runner " + runner + " needs the dataflows-beam module; run it with ./dataflows,"
                    + " which adds it");
            return ExitCodes.USAGE;
        }
        Map<String, Object> varValues = new LinkedHashMap<>();
        YamlScalars.parseInto(varValues, vars, "--var", this::commandLine);
        Map<String, Object> globalValues = new LinkedHashMap<>();
        YamlScalars.parseInto(globalValues, globals, "--global", this::commandLine);
        if (!TABLE_PREFIX.matcher(tablePrefix).matches()) {
            throw new CommandLine.ParameterException(commandLine(), "Invalid value for --table-prefix: '"
                    + tablePrefix + "' (letters, digits and _ only)");
        }
        StateOutFile stateFile = stateOut == null ? null : StateOutFile.check(stateOut);
        reportFile = reportOut == null ? null : StateOutFile.check(reportOut, "--report", "the report", "nothing ran");
        SecretProvider secretProvider = CliSecrets.provider(secrets, env, this::commandLine);
        smtp.server(env, this::commandLine); // a mistake in the options is a usage error before anything starts
        gnupg.check();
        Logging.configure(quiet, verbose, !runner.equals(LOCAL));
        if (db != null) {
            Database.checkUrl("--db", db);
        }
        FlowDatabase dataDatabase = dataDb != null ? FlowDatabase.of(dataDb, env) : null; // checks the URL

        // The database opens on a thread of its own while the flow is read and validated (see DatabaseOpening).
        DatabaseOpening opening = preOpened != null ? preOpened.claim(stateDir, db) : null;
        preOpened = null;
        if (opening == null) {
            opening = DatabaseOpening.startIfPresent(stateDir, db, env);
        }
        try {
            Dataflow dataflow = CliSupport.read(flow);
            if (runner.equals(LOCAL) && (progress || (!quiet && Terminals.isTerminal(2)))) {
                progressLine = new ProgressLine(err, Terminals.width(env));
            }
            // Records printed on a terminal that also shows the progress line must not land inside it.
            PrintStream runOut = progressLine != null && Terminals.isTerminal(1) ? progressLine.guard(out) : out;
            DataflowEngine.Builder builder = CliSupport.builder(flow, allow, globalValues, List.of(), runOut)
                    .secretProvider(secretProvider).readAhead(readAhead).writeBehind(writeBehind);
            smtp.register(builder, true, env, this::commandLine);
            hostOptions.register(builder, CliSupport.baseDir(flow), this::commandLine);
            gnupg.register(builder);
            RunOptions options = RunOptions.builder().dryRun(dryRun).vars(varValues).baseDir(CliSupport.baseDir(flow))
                    .trigger(Trigger.MANUAL).output(runOut).build();
            // Validation needs no database: an invalid flow exits 2, whether or not the database opens. A distributed
            // run's validation adds the problems of the translation to a pipeline.
            DataflowEngine validating = builder.build();
            ValidationReport report = smtp.withNotificationWarning(runner.equals(LOCAL)
                    ? validating.validate(dataflow, options)
                    : distributed(validating, globalValues).validate(dataflow, options), dataflow);
            // Warnings are printed and the flow runs; errors are printed and it does not.
            CliSupport.printProblems(report, err);
            if (!report.isValid()) {
                return ExitCodes.INVALID;
            }
            Database database = opening != null ? opening.get() : Database.open(stateDir, db, env);
            opening = null;
            // SQL steps: --data-db, else the --db database (same role), else the embedded database of flow data.
            FlowDatabase flowData = dataDatabase != null ? dataDatabase
                    : db != null ? null : FlowDatabase.embedded(stateDir, dryRun);
            if (flowData != null && FlowDatabase.isUsedBy(dataflow)) {
                flowData.openInBackground();
            }
            if (!runner.equals(LOCAL)) {
                return runDistributed(dataflow, database, flowData, builder, options, stateFile, globalValues);
            }
            return run(dataflow, database, flowData, builder, options, stateFile);
        } finally {
            if (opening != null) {
                opening.discard();
            }
        }
    }

    /** The usage error of {@code option}, which only this process's engine uses, given with a distributed runner. */
    private CommandLine.ParameterException localOnly(String option) {
        return new CommandLine.ParameterException(commandLine(), option + " does not reach the workers of --runner "
                + runner + "; it works with --runner local only");
    }

    /** The default {@code --runner}: this process's engine. */
    static final String LOCAL = "local";
    /** The runners of {@code --runner}. */
    private static final List<String> RUNNERS = List.of(LOCAL, "beam", "flink");

    /**
     * Checks {@code --runner} and the options that go with it: the Flink options only with {@code flink}; the
     * options whose values a distributed run's workers would not get (they build engines of their own) only with
     * {@code local}.
     */
    private void checkRunner() {
        if (!RUNNERS.contains(runner)) {
            throw new CommandLine.ParameterException(commandLine(), "Invalid value for --runner: '" + runner
                    + "' (local, beam or flink)");
        }
        if (!runner.equals("flink")) {
            if (flinkMaster != null) {
                throw new CommandLine.ParameterException(commandLine(), "--flink-master needs --runner flink");
            }
            if (parallelism != null) {
                throw new CommandLine.ParameterException(commandLine(), "--parallelism needs --runner flink");
            }
        }
        if (parallelism != null && parallelism < 1) {
            throw new CommandLine.ParameterException(commandLine(), "Invalid value for --parallelism: '" + parallelism
                    + "' (at least 1)");
        }
        if (flinkMaster != null && flinkMaster.isBlank()) {
            throw new CommandLine.ParameterException(commandLine(), "Invalid value for --flink-master: '" + flinkMaster
                    + "' (HOST:PORT or [local])");
        }
        if (!runner.equals(LOCAL)) {
            if (!secrets.isEmpty()) {
                // A secret read here would travel to the workers inside the job; they read their own environment.
                throw new CommandLine.ParameterException(commandLine(), "--secret does not reach the workers of "
                        + "--runner " + runner + "; they read secrets from their own environment ("
                        + CliSecrets.ENV_PREFIX + "<NAME>)");
            }
            String dataUrl = sqlStepsUrl();
            if (dataUrl != null && PasswordMask.of(dataUrl).hasPasswords()) {
                // The URL travels to the workers inside the job; a password in it would travel with it.
                String option = dataDb != null ? "--data-db" : "--db";
                throw new CommandLine.ParameterException(commandLine(), "The URL of " + option
                        + " has a password in it, which is not sent to the workers of --runner " + runner
                        + "; give it in "
                        + (dataDb != null ? FlowDatabase.PASSWORD_VARIABLE : Database.PASSWORD_VARIABLE)
                        + " instead, which the workers read from their own environment");
            }
            if (progress) {
                throw localOnly("--progress");
            }
            if (readAhead) {
                throw localOnly("--read-ahead");
            }
            if (writeBehind) {
                throw localOnly("--write-behind");
            }
        }
    }

    /** The URL of SQL steps' default connection: {@code --data-db}, else {@code --db}; null for the embedded one. */
    private String sqlStepsUrl() {
        return dataDb != null ? dataDb : db;
    }

    /** The distributed runner of {@code --runner} for {@code engine}; its workers permit what the engine permits. */
    private DataflowRunner distributed(DataflowEngine engine, Map<String, Object> globalValues) {
        List<Path> permitted = new ArrayList<>(List.of(CliSupport.baseDir(flow), Path.of("").toAbsolutePath()));
        permitted.addAll(allow);
        CliWorkerSetup setup = new CliWorkerSetup(globalValues, hostOptions.cfgValues(this::commandLine),
                hostOptions.dataRoot(CliSupport.baseDir(flow)), new CliWorkerSetup.Data(sqlStepsUrl(),
                        dataDb == null && db != null, stateDir.toAbsolutePath().normalize().toString(), dryRun,
                        tablePrefix));
        return DistributedRun.runner(runner, flinkMaster, parallelism, engine, permitted, setup);
    }

    /**
     * Runs the dataflow on the runner of {@code --runner beam|flink} and reports it as a local run is reported; the
     * state database records it. No progress line. SIGINT and SIGTERM cancel the run as they cancel a local run.
     */
    private Integer runDistributed(Dataflow dataflow, Database opened, FlowDatabase flowData,
            DataflowEngine.Builder builder, RunOptions options, StateOutFile stateFile,
            Map<String, Object> globalValues) {
        try (Database database = opened; FlowDatabase data = flowData) {
            DataflowEngine engine = CliSupport.withDatabase(builder, database,
                    data != null ? data : database.dataSource(), tablePrefix);
            RunHandle handle = distributed(engine, globalValues).start(dataflow, options);
            CountDownLatch reported = new CountDownLatch(1);
            Thread onSignal = cancelOnSignal(handle, reported);
            try {
                RunResult result;
                try {
                    result = handle.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    handle.cancel("interrupted");
                    return ExitCodes.CANCELLED;
                } catch (DataflowException e) {
                    // the pipeline failed for another reason than a step (a Flink cluster out of reach), or the state
                    // store did; the history has the run aborted with this message when it could record it
                    err.println("Run aborted: " + mask(database, data, e.getMessage()));
                    return ExitCodes.ABORTED;
                }
                out.flush();
                return outcome(dataflow, database, data, result, stateFile, engine.registry());
            } finally {
                reported.countDown();
                removeHook(onSignal);
            }
        }
    }

    /**
     * SIGINT (Ctrl-C) and SIGTERM cancel the run cleanly: its files are closed, its record ends "cancelled", and
     * {@code --state-out} is written before the JVM ends with 128 + the signal's number. The hook waits (at most
     * {@link #SIGNAL_GRACE}) until {@code reported} is counted down, once the outcome is printed and written.
     */
    private static Thread cancelOnSignal(RunHandle handle, CountDownLatch reported) {
        Thread onSignal = new Thread(() -> {
            handle.cancel(SIGNALLED);
            try {
                reported.await(SIGNAL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dataflows-signal");
        Runtime.getRuntime().addShutdownHook(onSignal);
        return onSignal;
    }

    private static void removeHook(Thread onSignal) {
        try {
            Runtime.getRuntime().removeShutdownHook(onSignal);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it has what it waited for
        }
    }

    private Integer run(Dataflow dataflow, Database opened, FlowDatabase flowData, DataflowEngine.Builder builder,
            RunOptions options, StateOutFile stateFile) {
        try (Database database = opened; FlowDatabase data = flowData) {
            DataflowEngine engine = CliSupport.withDatabase(builder, database,
                    data != null ? data : database.dataSource(), tablePrefix);
            RunHandle handle = engine.start(dataflow, options);
            PrintStream stderr = System.err;
            if (progressLine != null) {
                // Log lines go to System.err: guarded, they clear the progress line before they are written.
                System.setErr(progressLine.guard(stderr));
                progressLine.start(handle);
            }
            CountDownLatch reported = new CountDownLatch(1);
            Thread onSignal = cancelOnSignal(handle, reported);
            try {
                return report(dataflow, database, data, handle, stateFile, engine.registry());
            } finally {
                endProgress();
                System.setErr(stderr);
                reported.countDown();
                removeHook(onSignal);
            }
        }
    }

    /** Clears the progress line for good, before the outcome is printed. */
    private void endProgress() {
        if (progressLine != null) {
            progressLine.close();
        }
    }

    /** Why a run stopped by SIGINT or SIGTERM was cancelled. */
    static final String SIGNALLED = "cancelled by a signal (SIGINT or SIGTERM)";

    /** How long a signal waits for the cancelled run to be closed and reported before the JVM ends anyway. */
    private static final Duration SIGNAL_GRACE = Duration.ofSeconds(30);

    private int report(Dataflow dataflow, Database database, FlowDatabase data, RunHandle handle,
            StateOutFile stateFile, StepRegistry registry) {
        RunResult result;
        try {
            result = handle.await();
            endProgress();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.cancel("interrupted");
            return ExitCodes.CANCELLED;
        } catch (DataflowException e) {
            // The state store failed before the run could start (database unreachable, schema too new).
            err.println(mask(database, data, e.getMessage()) + "; nothing ran.");
            return ExitCodes.ABORTED;
        }
        out.flush();
        return outcome(dataflow, database, data, result, stateFile, registry);
    }

    /** Prints how the run ended, writes {@code --state-out} and {@code --report}, and gives the exit code. */
    private int outcome(Dataflow dataflow, Database database, FlowDatabase data, RunResult result,
            StateOutFile stateFile, StepRegistry registry) {
        if (result.status() == RunStatus.BLOCKED) {
            err.println("Dataflow '" + dataflow.name() + "' is locked by another run; nothing ran.");
            return ExitCodes.LOCKED;
        }
        boolean written = stateFile == null || writeStateOut(result, stateFile);
        written &= reportFile == null || writeReport(result, dataflow, registry);
        if (result.status() == RunStatus.ABORTED) {
            err.println("Run aborted: " + mask(database, data, result.error().orElse("unknown error")));
            return ExitCodes.ABORTED;
        }
        if (result.status() == RunStatus.CANCELLED) {
            err.println("Run cancelled: " + result.cancelReason().orElse("cancelled"));
            return ExitCodes.CANCELLED;
        }
        return written ? ExitCodes.OK : ExitCodes.ABORTED;
    }

    /** {@code text} with the passwords of both databases masked (they are masked where messages are made, too). */
    private static String mask(Database database, FlowDatabase data, String text) {
        return database.mask(data != null ? data.mask(text) : text);
    }

    private static final java.util.regex.Pattern TABLE_PREFIX = java.util.regex.Pattern.compile("[A-Za-z0-9_]*");

    /**
     * Writes the HTML report; false (with one line on stderr) when it cannot be written. A picture that cannot be
     * drawn (no Graphviz) is a warning: the page says why in its place.
     */
    private boolean writeReport(RunResult result, Dataflow dataflow, StepRegistry registry) {
        ReportPicture picture = ReportPicture.draw(dataflow, RunState.of(result), registry, "dot");
        picture.missing().ifPresent(why -> err.println("warning: " + why));
        return reportFile.writeOrSay(HtmlReport.render(RunStateDocument.of(result), picture), err);
    }

    /** Writes the run state; false (with one line on stderr) when it cannot be written. */
    private boolean writeStateOut(RunResult result, StateOutFile file) {
        Map<String, Object> state = RunStateDocument.of(result);
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                .withArrayIndenter(new DefaultIndenter("    ", "\n"));
        String text;
        try {
            text = JsonMapper.builder().build().writer(pretty).writeValueAsString(state) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a run state is always JSON", e);
        }
        return file.writeOrSay(text, err);
    }
}
