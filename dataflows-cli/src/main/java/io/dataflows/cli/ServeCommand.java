package io.dataflows.cli;

import io.dataflows.DataflowEngine;
import io.dataflows.RunListener;
import io.dataflows.RunResult;
import io.dataflows.SecretProvider;
import io.dataflows.micrometer.MicrometerRunListener;
import io.dataflows.scheduler.DataflowScheduler;
import io.dataflows.scheduler.SchedulerListener;
import io.dataflows.scheduler.WebResponse;
import io.dataflows.scheduler.WebhookHandler;
import io.dataflows.scheduler.WebhookHttpServer;
import io.dataflows.spi.RunRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dataflows serve DIR}: runs the dataflows of a directory by their triggers — cron schedules, events and
 * webhooks over HTTP — until SIGTERM or SIGINT, then shuts down gracefully and exits 0.
 */
@Command(name = "serve", description = "Run the dataflows of a directory by their triggers (cron, events, webhooks) "
        + "and serve webhooks, events, /health, /runs and /metrics over HTTP, until SIGTERM or SIGINT.",
        mixinStandardHelpOptions = true, sortOptions = false)
final class ServeCommand implements Callable<Integer> {

    /**
     * The command's log. Not a static field: picocli creates the command before it runs, and a logger created then
     * would set up slf4j before {@link Logging#configure} could apply {@code --quiet} or {@code --verbose}.
     */
    private static Logger log() {
        return LoggerFactory.getLogger("io.dataflows.serve");
    }

    /** How long a graceful shutdown waits for running runs before cancelling them. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    /** How often the directory is read again even when the file system reports no change. */
    static final Duration RESCAN = Duration.ofSeconds(5);

    /** The content type of Prometheus's text exposition format, which {@code GET /metrics} answers in. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** The most runs {@code GET /runs} returns. */
    static final int MAX_RUNS = 1000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR",
            description = "The directory of dataflow files (*.yml, *.yaml, *.json); reloaded when they change.")
    Path dir;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "The address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080",
            description = "The port to listen on (default: ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".dataflows",
            description = "Where the embedded databases live (default: ${DEFAULT-VALUE}), as for 'run'.")
    Path stateDir;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Keep the state, the event queue and the timer in this database (e.g. "
                    + "jdbc:postgresql://host/db): several 'serve' processes sharing it run each firing and each "
                    + "event once. User and password from DATAFLOWS_DB_USER and DATAFLOWS_DB_PASSWORD.")
    String db;

    @Option(names = "--allow", paramLabel = "DIR",
            description = "Also permit absolute paths inside DIR; a leading [dataroot] stands for the data root.")
    List<Path> allow = new ArrayList<>();

    @Option(names = "--event-token-file", paramLabel = "F",
            description = "The token callers of POST /events/{name} present as 'Authorization: Bearer <token>' "
                    + "(the file's content, one trailing newline removed). Without it, events cannot be posted.")
    Path eventTokenFile;

    @Option(names = "--secret", paramLabel = "NAME=@FILE",
            description = "Make the content of FILE the secret secrets.NAME, as for 'run'.")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "How many triggered runs may go on at once (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--read-ahead", description = "Let the CSV, JSON and array readers of every run read ahead, as "
            + "for 'run' (with more than one core). Off by default.")
    boolean readAhead;

    @Option(names = "--write-behind", description = "Let writer_stream write behind in every run, as for 'run' (with "
            + "more than one core). Off by default.")
    boolean writeBehind;

    @CommandLine.Mixin
    SmtpOptions smtp = new SmtpOptions();

    @CommandLine.Mixin
    HostOptions hostOptions = new HostOptions();

    /** The GnuPG home of GPG steps that name no key ring. */
    @CommandLine.Mixin
    GnupgOptions gnupg = new GnupgOptions();

    @Option(names = "--quiet", description = "Log only warnings and errors.")
    boolean quiet;

    @Option(names = "--verbose", description = "Log debug details.")
    boolean verbose;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    ServeCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (quiet && verbose) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quiet and --verbose exclude each other");
        }
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for --port: " + port
                    + " (0 to 65535)");
        }
        if (workers < 1 || workers > 256) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for --workers: " + workers
                    + " (1 to 256)");
        }
        if (!Files.isDirectory(dir)) {
            throw new CliSupport.Exit(ExitCodes.USAGE, "Not a directory: " + dir);
        }
        String eventToken = eventTokenFile == null ? null : CliSecrets.readFile("the event token",
                eventTokenFile);
        SecretProvider secretProvider = CliSecrets.provider(secrets, env, spec::commandLine);
        smtp.server(env, spec::commandLine); // a mistake in the options is a usage error before anything starts
        gnupg.check();
        Logging.configure(quiet, verbose);
        if (db != null) {
            Database.checkUrl("--db", db);
        }
        Path flowDir = dir.toAbsolutePath().normalize();
        try (Database database = Database.open(stateDir, db, env);
             FlowDatabase flowData = db != null ? null : FlowDatabase.embedded(stateDir, false)) {
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            DataflowEngine.Builder builder = CliSupport.builderIn(flowDir, allow, Map.of(),
                            List.of(runLog(), new MicrometerRunListener(metrics)), out)
                    .secretProvider(secretProvider).baseDirectory(flowDir).readAhead(readAhead)
                    .writeBehind(writeBehind);
            smtp.register(builder, true, env, spec::commandLine);
            hostOptions.register(builder, flowDir, spec::commandLine);
            gnupg.register(builder);
            DataflowEngine engine = CliSupport.withDatabase(builder, database,
                    flowData != null ? flowData : database.dataSource(), "");
            DataflowScheduler.Builder sb = DataflowScheduler.builder(engine).workers(workers)
                    .listener(startLog());
            if (db != null) {
                sb.dataSource(database.dataSource()); // the timer clustered on the shared database
            }
            return serve(engine, sb.build(), database, flowDir, eventToken, metrics);
        }
    }

    private int serve(DataflowEngine engine, DataflowScheduler scheduler, Database database, Path flowDir,
            String eventToken, PrometheusMeterRegistry metrics) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        SignalTrap trap = SignalTrap.install(stop::countDown);
        FlowDirectory flows = new FlowDirectory(flowDir, scheduler, smtp::notificationWarning);
        WebhookHttpServer server = null;
        WatchService watch = null;
        try {
            flows.sync();
            scheduler.start();
            WebhookHandler.Builder hb = WebhookHandler.builder(scheduler);
            if (eventToken != null) {
                try {
                    hb.eventToken(eventToken);
                } catch (IllegalArgumentException e) {
                    throw new CliSupport.Exit(ExitCodes.USAGE, "Invalid event token in " + eventTokenFile + ": "
                            + e.getMessage());
                }
            }
            try {
                server = WebhookHttpServer.builder(hb.build()).host(host).port(port)
                        .route("/health", (method, path, query, headers, body, remote) ->
                                health(method, scheduler, database))
                        .route("/runs", (method, path, query, headers, body, remote) ->
                                runs(method, query, engine))
                        .route("/metrics", (method, path, query, headers, body, remote) ->
                                metrics(method, metrics))
                        .start();
            } catch (UncheckedIOException e) {
                throw new CliSupport.Exit(ExitCodes.USAGE, "Cannot listen on " + host + ":" + port + ": "
                        + e.getCause().getMessage());
            }
            watch = watch(flowDir);
            err.println("dataflows serve: " + flows.registered() + " dataflow(s) from " + flowDir + ", listening on "
                    + server.uri());
            err.flush();
            long lastScan = System.nanoTime();
            while (!stop.await(0, TimeUnit.MILLISECONDS)) {
                boolean changed = waitForChange(watch, stop);
                if (changed || System.nanoTime() - lastScan >= RESCAN.toNanos()) {
                    flows.sync();
                    lastScan = System.nanoTime();
                }
            }
            log().info("Shutting down: waiting up to {} s for running runs", SHUTDOWN_GRACE.toSeconds());
            return ExitCodes.OK;
        } finally {
            if (server != null) {
                server.close();
            }
            boolean ended = scheduler.close(SHUTDOWN_GRACE);
            if (!ended) {
                log().warn("Runs still going after {} s were cancelled", SHUTDOWN_GRACE.toSeconds());
            }
            closeQuietly(watch);
            trap.done();
        }
    }

    /** A watch on the flow directory, or null when the file system offers none (the periodic rescan then serves). */
    private static WatchService watch(Path dir) {
        try {
            WatchService w = dir.getFileSystem().newWatchService();
            dir.register(w, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return w;
        } catch (IOException | UnsupportedOperationException e) {
            log().warn("Changes of {} are seen by reading it every {} s ({})", dir, RESCAN.toSeconds(), e.toString());
            return null;
        }
    }

    /** Waits up to a second for a change of the directory or the stop signal; true when files changed. */
    private static boolean waitForChange(WatchService watch, CountDownLatch stop) throws InterruptedException {
        if (watch == null) {
            stop.await(1, TimeUnit.SECONDS);
            return false;
        }
        WatchKey key;
        try {
            key = watch.poll(1, TimeUnit.SECONDS);
        } catch (ClosedWatchServiceException e) {
            stop.await(1, TimeUnit.SECONDS);
            return false;
        }
        if (key == null) {
            return false;
        }
        key.pollEvents();
        key.reset();
        // Editors write a file in several steps: read it once they are done.
        stop.await(200, TimeUnit.MILLISECONDS);
        WatchKey more;
        while ((more = watch.poll()) != null) {
            more.pollEvents();
            more.reset();
        }
        return true;
    }

    private static void closeQuietly(WatchService watch) {
        if (watch != null) {
            try {
                watch.close();
            } catch (IOException e) {
                // nothing is watched any more either way
            }
        }
    }

    /** {@code GET /health}: 200 while the scheduler runs and the state store answers, else 503. */
    private static WebResponse health(String method, DataflowScheduler scheduler, Database database) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return WebResponse.json(405, Map.of("error", "Use GET."), Map.of("Allow", "GET, HEAD"));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        boolean up = scheduler.isStarted();
        body.put("scheduler", up ? "up" : "down");
        try {
            scheduler.engine().stateStore().recentRuns(null, 1);
            body.put("store", "up");
        } catch (RuntimeException e) {
            up = false;
            body.put("store", "down");
            body.put("error", database.mask(String.valueOf(e.getMessage())));
        }
        body.put("dataflows", scheduler.dataflows().size());
        body.put("status", up ? "up" : "down");
        return WebResponse.json(up ? 200 : 503, body);
    }

    /** {@code GET /metrics}: the run and step meters of this process, in Prometheus's text format. */
    private static WebResponse metrics(String method, PrometheusMeterRegistry metrics) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return WebResponse.json(405, Map.of("error", "Use GET."), Map.of("Allow", "GET, HEAD"));
        }
        return WebResponse.of(200, Map.of("Content-Type", PROMETHEUS_TEXT),
                metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code GET /runs?flow=&limit=}: the run history, newest first, as a JSON array of {@code runs --json} objects. */
    private static WebResponse runs(String method, String query, DataflowEngine engine) {
        if (!"GET".equals(method)) {
            return WebResponse.json(405, Map.of("error", "Use GET."), Map.of("Allow", "GET"));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return WebResponse.json(400, Map.of("error", "Malformed query string."));
            }
        }
        int limit = 20;
        String l = params.get("limit");
        if (l != null && !l.isEmpty()) {
            try {
                limit = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_RUNS) {
                return WebResponse.json(400, Map.of("error", "limit must be a number from 1 to " + MAX_RUNS + "."));
            }
        }
        String flow = params.get("flow");
        List<Map<String, Object>> list = new ArrayList<>();
        for (RunRecord run : engine.stateStore().recentRuns(flow == null || flow.isEmpty() ? null : flow, limit)) {
            list.add(RunsCommand.jsonOf(run));
        }
        return WebResponse.json(200, list);
    }

    /** One log line per run start, with its trigger. */
    private static SchedulerListener startLog() {
        return new SchedulerListener() {
            @Override
            public void started(String dataflow, io.dataflows.Trigger trigger, String runId,
                    Map<String, Object> details) {
                log().info("Run started: dataflow '{}', run {}, trigger {}", dataflow, runId, trigger.label());
            }

            @Override
            public void skipped(Skip skip) {
                log().info("Firing skipped: dataflow '{}', trigger {}: {}", skip.dataflow(), skip.trigger().label(),
                        skip.message());
            }
        };
    }

    /** One log line per run end, with its trigger and status. */
    private static RunListener runLog() {
        return new RunListener() {
            @Override
            public void runFinished(RunResult result) {
                Object trigger = result.variable("run.trigger.type").orElse("manual");
                if (result.error().isPresent()) {
                    log().info("Run ended: dataflow '{}', run {}, trigger {}, status {}: {}", result.dataflowName(),
                            result.runId(), trigger, result.status().label(), result.error().get());
                } else {
                    log().info("Run ended: dataflow '{}', run {}, trigger {}, status {}", result.dataflowName(),
                            result.runId(), trigger, result.status().label());
                }
            }
        };
    }
}
