package io.dataflows.steps.internal.code;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code java_source}: one record per element of an {@code Iterable}, or of a fresh {@code Stream} per run, given in
 * code. Elements are {@link DataRecord}s or maps with text keys; a stream is closed when the step ends.
 */
public final class SourceStep implements ReaderStep {

    private final Iterable<?> iterable;
    private final Supplier<? extends Stream<?>> streams;

    private SourceStep(Iterable<?> iterable, Supplier<? extends Stream<?>> streams) {
        this.iterable = iterable;
        this.streams = streams;
    }

    /** A source reading {@code items} in every run. */
    public static SourceStep of(Iterable<?> items) {
        return new SourceStep(Objects.requireNonNull(items, "items"), null);
    }

    /** A source reading a new stream from {@code streams} in every run. */
    public static SourceStep ofStreams(Supplier<? extends Stream<?>> streams) {
        return new SourceStep(null, Objects.requireNonNull(streams, "streams"));
    }

    @Override
    public String id() {
        return "java_source";
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public String displayName() {
        return "Java source";
    }

    @Override
    public String description() {
        return "One record per element of an Iterable or a Stream given in code.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public void read(StepContext context, Emitter out) throws Exception {
        if (iterable != null) {
            emitAll(iterable.iterator(), out);
            return;
        }
        Stream<?> stream = streams.get();
        if (stream == null) {
            throw new DataflowException("The stream supplier returned null.");
        }
        try (Stream<?> s = stream) {
            emitAll(s.iterator(), out);
        }
    }

    private static void emitAll(Iterator<?> items, Emitter out) throws Exception {
        long n = 0;
        while (items.hasNext()) {
            out.emit(toRecord(items.next(), ++n));
        }
    }

    @SuppressWarnings("unchecked")
    private static DataRecord toRecord(Object item, long n) {
        if (item instanceof DataRecord) {
            return (DataRecord) item;
        }
        if (item instanceof Map) {
            for (Object key : ((Map<?, ?>) item).keySet()) {
                if (!(key instanceof String)) {
                    throw new DataflowException("Element " + n + " of the source is a map with a key that is not "
                            + "text: " + (key == null ? "null" : key.getClass().getSimpleName()) + ".");
                }
            }
            return DataRecord.fromMap((Map<String, ?>) item);
        }
        throw new DataflowException("Element " + n + " of the source is " + (item == null ? "null"
                : "a " + item.getClass().getSimpleName()) + ", not a DataRecord or a Map.");
    }
}
