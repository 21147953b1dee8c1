package io.dataflows.dot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepExecutionException;
import io.dataflows.StepResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run did, as {@link DotExporter#toDot(io.dataflows.Dataflow, RunState)} draws it over a dataflow: the
 * status of each step, record counts where known, and which step failed with what error. Immutable.
 *
 * <p>Two sources:
 * <ul>
 *   <li>{@link #of(RunResult)}: everything — statuses, records in and out of every step, the failed step and the
 *       failure's message.
 *   <li>{@link #fromJson(String)} / {@link #read(Path)}: the run-state file of {@code dataflows run --state-out}
 *       ({@code {"dataflow", "run", "status", "error", "failedstep", "failedrecord", "steps": {ALIAS: {"status",
 *       "recordsin", "recordsout", "millis"}}, "variables": {"steps": {ALIAS: {"states": {...},
 *       "iterations": N}}}}}, described in docs/semantics.md). Each step's status and records in and out come from
 *       {@code steps}, the failed step from {@code failedstep}.
 * </ul>
 *
 * <p>Files written before {@code steps} and {@code failedstep} existed are still read: a step's status is then the
 * one it reached last, the latest timestamp in its {@code variables.steps.ALIAS.states} (ISO-8601 strings, or PHP
 * {@code microtime} seconds), ties going to the one written later; there are no record counts, only
 * {@code iterations} — for a reader the records it emitted, for other flow steps the records they processed —
 * available as {@link #iterations(String)}; and the failed step is read from the error message
 * ({@code Step 'a' (type) failed: ...} or {@code Dataflow aborted by step 'a': ...}). When {@code failedstep} is
 * there, it is what counts, even {@code null}: an error message may name any step.
 *
 * <p>Steps the state does not mention (a state of another version of the dataflow) are drawn without overlay.
 *
 * @since 0.1
 */
public final class RunState {

    private static final Pattern FAILED_STEP =
            Pattern.compile("^(?:Step '([^']+)'|Dataflow aborted by step '([^']+)')");

    private final String dataflowName;
    private final RunStatus runStatus;
    private final Map<String, StepState> steps;
    private final String failedStep;
    private final String error;

    private record StepState(RunStatus status, Long recordsIn, Long recordsOut, Long iterations) {}

    private RunState(String dataflowName, RunStatus runStatus, Map<String, StepState> steps, String failedStep,
            String error) {
        this.dataflowName = dataflowName;
        this.runStatus = runStatus;
        this.steps = Collections.unmodifiableMap(steps);
        this.failedStep = failedStep;
        this.error = error;
    }

    /** The state of a finished run, with the records in and out of every step. */
    public static RunState of(RunResult result) {
        Objects.requireNonNull(result, "result");
        Map<String, StepState> steps = new LinkedHashMap<>();
        for (StepResult s : result.steps().values()) {
            steps.put(s.alias(), new StepState(s.status(), s.recordsIn(), s.recordsOut(), null));
        }
        String failed = result.failure().flatMap(StepExecutionException::stepAlias)
                .filter(steps::containsKey).orElse(null);
        return new RunState(result.dataflowName(), result.status(), steps, failed, result.error().orElse(null));
    }

    /**
     * Reads a run-state file written by {@code dataflows run --state-out}.
     *
     * @throws UncheckedIOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a run-state document (the message says why)
     */
    public static RunState read(Path file) {
        Objects.requireNonNull(file, "file");
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read run state " + file + ": " + e.getMessage(), e);
        }
        return fromJson(json);
    }

    /**
     * Parses the JSON of a run-state file (see the class description). Unknown keys are ignored.
     *
     * @throws IllegalArgumentException if {@code json} is not valid JSON or not a run-state document
     */
    public static RunState fromJson(String json) {
        Objects.requireNonNull(json, "json");
        Object root;
        try {
            root = JsonMapper.builder().build().readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()), e);
        }
        Map<?, ?> doc = asMap(root, "the document");
        Map<String, StepState> steps = new LinkedHashMap<>();
        boolean summarised = doc.get("steps") != null;
        if (summarised) {
            for (Map.Entry<?, ?> e : asMap(doc.get("steps"), "\"steps\"").entrySet()) {
                String alias = String.valueOf(e.getKey());
                Map<?, ?> step = asMap(e.getValue(), "\"steps." + alias + "\"");
                RunStatus status = step.get("status") instanceof String ? parseStatus((String) step.get("status"))
                        : null;
                steps.put(alias, new StepState(status, count(step.get("recordsin")), count(step.get("recordsout")),
                        null));
            }
        }
        if (!summarised || doc.get("variables") != null) {
            Map<?, ?> variables = asMap(doc.get("variables"), "\"variables\"");
            Map<?, ?> stepsNode = asMap(variables.get("steps"), "\"variables.steps\"");
            for (Map.Entry<?, ?> e : stepsNode.entrySet()) {
                String alias = String.valueOf(e.getKey());
                Map<?, ?> step = asMap(e.getValue(), "\"variables.steps." + alias + "\"");
                Object iterations = step.get("iterations");
                Long n = iterations instanceof Number ? ((Number) iterations).longValue() : null;
                StepState known = steps.get(alias);
                if (known != null) {
                    steps.put(alias, new StepState(known.status(), known.recordsIn(), known.recordsOut(), n));
                } else if (!summarised) {
                    RunStatus status = step.get("states") == null ? null
                            : latest(asMap(step.get("states"), "\"variables.steps." + alias + ".states\""));
                    steps.put(alias, new StepState(status, null, null, n));
                }
            }
        }
        String name = doc.get("dataflow") instanceof String ? (String) doc.get("dataflow") : null;
        RunStatus runStatus = doc.get("status") instanceof String ? parseStatus((String) doc.get("status")) : null;
        String error = doc.get("error") instanceof String ? (String) doc.get("error") : null;
        String failed = doc.containsKey("failedstep")
                ? (doc.get("failedstep") instanceof String ? (String) doc.get("failedstep") : null)
                : failedStepOf(error);
        return new RunState(name, runStatus, steps, failed != null && steps.containsKey(failed) ? failed : null,
                error);
    }

    /** The step an error message names as the one that failed, for files that have no {@code failedstep}. */
    private static String failedStepOf(String error) {
        if (error == null) {
            return null;
        }
        Matcher m = FAILED_STEP.matcher(error);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    /** A record count: a whole number that is not negative and fits a long; anything else is unknown. */
    private static Long count(Object value) {
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
            return ((Number) value).longValue();
        }
        return null;
    }

    private static Map<?, ?> asMap(Object o, String what) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException("not a run-state document: " + what + " must be an object");
        }
        return (Map<?, ?>) o;
    }

    /** The status reached last: the latest timestamp, ties going to the later entry. */
    private static RunStatus latest(Map<?, ?> states) {
        RunStatus best = null;
        BigDecimal bestTime = null;
        for (Map.Entry<?, ?> e : states.entrySet()) {
            RunStatus s = parseStatus(String.valueOf(e.getKey()));
            BigDecimal t = time(e.getValue());
            if (s == null || t == null) {
                continue;
            }
            if (bestTime == null || t.compareTo(bestTime) >= 0) {
                best = s;
                bestTime = t;
            }
        }
        return best;
    }

    /** Seconds since the epoch of an ISO-8601 timestamp or a number of seconds; null when neither. */
    private static BigDecimal time(Object value) {
        if (value instanceof Number) {
            return new BigDecimal(value.toString());
        }
        if (value instanceof String) {
            try {
                Instant i = Instant.parse((String) value);
                return BigDecimal.valueOf(i.getEpochSecond()).add(BigDecimal.valueOf(i.getNano(), 9));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static RunStatus parseStatus(String label) {
        try {
            return RunStatus.fromLabel(label.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The name of the dataflow that ran, when known. */
    public Optional<String> dataflowName() {
        return Optional.ofNullable(dataflowName);
    }

    /** The status of the run ({@code finalised}, {@code aborted}), when known. */
    public Optional<RunStatus> runStatus() {
        return Optional.ofNullable(runStatus);
    }

    /** The aliases of the steps this state knows, in its order (unmodifiable). */
    public Set<String> steps() {
        return steps.keySet();
    }

    /** The status the step reached last; empty when the state does not know the step or it never changed status. */
    public Optional<RunStatus> status(String alias) {
        StepState s = steps.get(alias);
        return Optional.ofNullable(s == null ? null : s.status());
    }

    /**
     * The records the step received: from a {@link RunResult}, or from a run-state file's {@code steps}; empty for
     * files written before it existed.
     */
    public OptionalLong recordsIn(String alias) {
        StepState s = steps.get(alias);
        return s == null || s.recordsIn() == null ? OptionalLong.empty() : OptionalLong.of(s.recordsIn());
    }

    /**
     * The records the step emitted: from a {@link RunResult}, or from a run-state file's {@code steps}; empty for
     * files written before it existed.
     */
    public OptionalLong recordsOut(String alias) {
        StepState s = steps.get(alias);
        return s == null || s.recordsOut() == null ? OptionalLong.empty() : OptionalLong.of(s.recordsOut());
    }

    /**
     * The {@code iterations} of a flow step in a run-state file: records emitted by a reader, records processed by
     * another flow step. Empty for connectors and for a state made from a {@link RunResult}.
     */
    public OptionalLong iterations(String alias) {
        StepState s = steps.get(alias);
        return s == null || s.iterations() == null ? OptionalLong.empty() : OptionalLong.of(s.iterations());
    }

    /** The alias of the step whose failure aborted the run, when the run aborted because of a step. */
    public Optional<String> failedStep() {
        return Optional.ofNullable(failedStep);
    }

    /** The error the run aborted with (secrets already redacted by the engine), when it aborted. */
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public String toString() {
        return "RunState[" + (dataflowName == null ? "?" : dataflowName) + ": "
                + (runStatus == null ? "?" : runStatus.label()) + ", " + steps.size() + " steps"
                + (failedStep == null ? "" : ", failed: " + failedStep) + "]";
    }
}
