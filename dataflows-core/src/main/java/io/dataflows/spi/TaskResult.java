package io.dataflows.spi;

import io.dataflows.DataRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link AsyncRecordTask} produced for one record: the step's outputs for that record (published as
 * {@code steps.<alias>.<name>}, as {@link StepContext#output} does, just before the record goes downstream) and the
 * record to pass on, or none to drop it. Immutable.
 */
public final class TaskResult {

    private final @Nullable DataRecord record;
    private final Map<String, Object> outputs;

    private TaskResult(@Nullable DataRecord record, Map<String, ?> outputs) {
        this.record = record;
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(outputs, "outputs")));
    }

    /** Passes {@code record} downstream, the step's outputs set to {@code outputs} (names to values). */
    public static TaskResult of(DataRecord record, Map<String, ?> outputs) {
        return new TaskResult(Objects.requireNonNull(record, "record"), outputs);
    }

    /** Drops the record; the step's outputs are still set to {@code outputs}. */
    public static TaskResult dropped(Map<String, ?> outputs) {
        return new TaskResult(null, outputs);
    }

    /** The record to pass downstream; null when it is dropped. */
    public @Nullable DataRecord record() {
        return record;
    }

    /** The step's outputs for this record, by name, in the order given. */
    public Map<String, Object> outputs() {
        return outputs;
    }

    @Override
    public String toString() {
        return "TaskResult[" + (record == null ? "dropped" : record) + ", outputs=" + outputs.keySet() + "]";
    }
}
