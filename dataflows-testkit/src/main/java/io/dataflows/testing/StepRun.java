package io.dataflows.testing;

import io.dataflows.DataRecord;
import io.dataflows.Effect;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one {@link StepHarness} run did: the run's status, the records the step emitted, the variables it published,
 * the effects a dry run skipped, what the run printed and the error when it failed.
 *
 * <p>The SPI has no logger of its own: a step writes human-readable lines to {@code StepContext.out()}, the run's
 * output stream (debugging writers do). {@link #output()} holds those lines; {@link #events()} holds what the engine
 * reported to listeners. Both are what this harness means by a run's log; what steps log through SLF4J goes to the
 * application's logging backend and is not captured.
 */
public final class StepRun {

    private final String alias;
    private final RunResult result;
    private final List<DataRecord> records;
    private final Map<String, List<DataRecord>> recordsByOutput;
    private final List<String> output;
    private final List<String> events;
    private final Path baseDirectory;

    StepRun(String alias, RunResult result, List<DataRecord> records, Map<String, List<DataRecord>> recordsByOutput,
            List<String> output, List<String> events, Path baseDirectory) {
        this.alias = alias;
        this.result = result;
        this.records = List.copyOf(records);
        this.recordsByOutput = Collections.unmodifiableMap(new LinkedHashMap<>(recordsByOutput));
        this.output = List.copyOf(output);
        this.events = List.copyOf(events);
        this.baseDirectory = baseDirectory;
    }

    /** The whole run's result, for what this class does not surface. */
    public RunResult result() {
        return result;
    }

    /** The run's status: {@code FINALISED} when it succeeded, {@code ABORTED} when a step failed. */
    public RunStatus status() {
        return result.status();
    }

    /** The status of the step under test (its result in the run). */
    public RunStatus stepStatus() {
        return stepResult().status();
    }

    /** The step under test's counts and status. */
    public StepResult stepResult() {
        return result.step(alias);
    }

    /**
     * The records the step emitted, in order (on all its outputs, as they arrived). Empty for a connector and for a
     * writer that ends its stream (whose links allow no dependant).
     */
    public List<DataRecord> records() {
        return records;
    }

    /**
     * The records the step emitted on one output, in order: a label of a step that routes records ({@code "nz"} of a
     * switch with a case {@code nz}), or {@code "1"}, {@code "2"}... for a step that copies every record to each of
     * its dependants (a tee gets as many as its links need); {@code ""} is the output of a step with one.
     *
     * @throws IllegalArgumentException for an output the step does not have
     */
    public List<DataRecord> records(String output) {
        List<DataRecord> list = recordsByOutput.get(output);
        if (list == null) {
            throw new IllegalArgumentException("No output '" + output + "'; the outputs collected: "
                    + recordsByOutput.keySet());
        }
        return list;
    }

    /** {@link #records()} as plain maps (field order kept). */
    public List<Map<String, Object>> maps() {
        List<Map<String, Object>> maps = new ArrayList<>(records.size());
        for (DataRecord record : records) {
            maps.add(record.toMap());
        }
        return maps;
    }

    /** The step's variable tree, {@code steps.<alias>} (config, vars, states...), as expressions see it at the end. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> stepVariables() {
        return result.variable("steps." + alias).map(v -> (Map<String, Object>) v).orElse(Map.of());
    }

    /** The variables the step published, {@code steps.<alias>.vars}; empty when it published none. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> vars() {
        return result.variable("steps." + alias + ".vars").filter(v -> v instanceof Map)
                .map(v -> (Map<String, Object>) v).orElse(Map.of());
    }

    /** The value at a dotted path of the run's variable tree ({@code steps.step.vars.total}). */
    public Optional<Object> variable(String path) {
        return result.variable(path);
    }

    /** In a dry run, the effects the run skipped, in order; empty for a real run. */
    public List<Effect> effects() {
        return result.effects();
    }

    /** The lines the run wrote to its output stream ({@code StepContext.out()}), in order, without line ends. */
    public List<String> output() {
        return output;
    }

    /**
     * What the engine reported to the run's listener, one line per event: {@code stepStarted <alias>},
     * {@code stepFinished <alias> <status> in=<n> out=<n>} and {@code runFinished <status>[: <error>]}.
     */
    public List<String> events() {
        return events;
    }

    /** {@link #output()} then {@link #events()}: everything the run logged that a test can read. */
    public List<String> logLines() {
        List<String> all = new ArrayList<>(output);
        all.addAll(events);
        return all;
    }

    /** The error message of a failed run. */
    public Optional<String> error() {
        return result.error();
    }

    /** The failure of an aborted run, with its cause. */
    public Optional<? extends Exception> failure() {
        return result.failure();
    }

    /** The base directory the run used (relative paths resolved against it). */
    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public String toString() {
        return "StepRun[" + result + ", records=" + records.size() + "]";
    }
}
