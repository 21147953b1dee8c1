package io.dataflows.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.Values;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dataflows runs [FLOW]}: the run history kept in the state store, newest first. */
@Command(name = "runs", description = "Show the run history from the state store, newest first.",
        mixinStandardHelpOptions = true, sortOptions = false)
final class RunsCommand implements Callable<Integer> {

    /** The most runs {@code --limit} may ask for: the listing is read into memory. */
    static final int MAX_LIMIT = 100_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FLOW",
            description = "Only the runs of the dataflow with this name.")
    String flow;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Show at most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per line, with the keys id, flow, status, trigger, "
            + "startedat, endedat (ISO-8601 UTC to the millisecond, endedat null while running), error, failedstep, "
            + "failedrecord and steps (per step: status, recordsin, recordsout, millis; null while running).")
    boolean json;

    @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = ".dataflows",
            description = "The state directory whose embedded database holds the history (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "Read the history from this database instead; user and password from DATAFLOWS_DB_USER and "
                    + "DATAFLOWS_DB_PASSWORD.")
    String db;

    private final PrintStream out;
    private final Map<String, String> env;

    RunsCommand(PrintStream out, Map<String, String> env) {
        this.out = out;
        this.env = env;
    }

    @Override
    public Integer call() {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for --limit: " + limit
                    + " (1 to " + MAX_LIMIT + ")");
        }
        if (db != null) {
            Database.checkUrl("--db", db);
        } else if (!Files.isRegularFile(stateDir.resolve(Database.H2_FILE))) {
            // Nothing ever ran with this state directory: an empty history, and no database created by looking.
            if (!json) {
                out.println("No runs.");
            }
            return ExitCodes.OK;
        }
        Logging.configure(true, false);
        List<RunRecord> runs;
        try (Database database = Database.open(stateDir, db, env)) {
            try {
                runs = database.stateStore().recentRuns(flow, limit);
            } catch (RuntimeException e) {
                throw new CliSupport.Exit(ExitCodes.ABORTED, "Cannot read the run history: "
                        + database.mask(String.valueOf(e.getMessage())));
            }
        }
        if (json) {
            JsonMapper mapper = JsonMapper.builder().build();
            for (RunRecord run : runs) {
                try {
                    out.println(mapper.writeValueAsString(jsonOf(run)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("a run record is always JSON", e);
                }
            }
        } else if (runs.isEmpty()) {
            out.println("No runs.");
        } else {
            printTable(runs);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The {@code --json} object of one run. */
    static Map<String, Object> jsonOf(RunRecord run) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", run.id());
        o.put("flow", run.dataflow());
        o.put("status", run.status());
        o.put("trigger", run.trigger());
        o.put("startedat", Values.timestamp(run.startedAt()));
        o.put("endedat", run.finishedAt() == null ? null : Values.timestamp(run.finishedAt()));
        o.put("error", run.error());
        Map<?, ?> summary = summaryOf(run);
        o.put("failedstep", summary.get("failedstep"));
        o.put("failedrecord", summary.get("failedrecord"));
        o.put("steps", summary.get("steps"));
        return o;
    }

    /** The run's summary as a map; empty when the store kept none (a run still going, or one from an older store). */
    private static Map<?, ?> summaryOf(RunRecord run) {
        if (run.summary() == null) {
            return Map.of();
        }
        try {
            Object summary = SummaryReader.MAPPER.readValue(run.summary(), Object.class);
            return summary instanceof Map<?, ?> m ? m : Map.of();
        } catch (JsonProcessingException e) {
            return Map.of(); // written by the store itself: only a damaged record gets here, and its other keys stand
        }
    }

    /**
     * The mapper of run summaries, made the first time one is read: picocli creates this command for every top-level
     * {@code --help}, which would otherwise set up Jackson's databind for nothing.
     */
    private static final class SummaryReader {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    private void printTable(List<RunRecord> runs) {
        String format = "%-36s  %-24s  %-10s  %-9s  %-24s  %9s  %s%n";
        out.printf(format, "RUN", "FLOW", "STATUS", "TRIGGER", "STARTED", "DURATION", "ERROR");
        for (RunRecord run : runs) {
            out.printf(format, run.id(), run.dataflow(), run.status(), run.trigger() == null ? "-" : run.trigger(),
                    Values.timestamp(run.startedAt()), duration(run.startedAt(), run.finishedAt()),
                    run.error() == null ? "" : oneLine(run.error()));
        }
    }

    /** {@code 1.234s}, {@code 12m03s}; {@code -} while running. */
    static String duration(Instant start, Instant end) {
        if (end == null) {
            return "-";
        }
        Duration d = Duration.between(start, end);
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            return String.format(java.util.Locale.ROOT, "%d.%03ds", d.toSeconds(), d.toMillisPart());
        }
        if (d.compareTo(Duration.ofHours(1)) < 0) {
            return String.format(java.util.Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart());
        }
        return String.format(java.util.Locale.ROOT, "%dh%02dm", d.toHours(), d.toMinutesPart());
    }

    /** An error message on one line of the table: control characters (newlines of a stack of causes) as spaces. */
    private static String oneLine(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }
}
