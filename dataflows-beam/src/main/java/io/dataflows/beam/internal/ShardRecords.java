package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The records of a grouped shard, read lazily from the grouping's values: each shard's group holds its records and
 * one null, the marker that makes every shard exist even when no record went to it. The nulls are skipped; nothing
 * is buffered, and the grouping's values are iterated once, as they are passed on.
 */
final class ShardRecords implements Iterable<DataRecord> {

    private final Iterable<@Nullable DataRecord> values;

    ShardRecords(Iterable<@Nullable DataRecord> values) {
        this.values = values;
    }

    @Override
    public Iterator<DataRecord> iterator() {
        Iterator<@Nullable DataRecord> it = values.iterator();
        return new Iterator<>() {
            private @Nullable DataRecord next;

            @Override
            public boolean hasNext() {
                while (next == null && it.hasNext()) {
                    next = it.next();
                }
                return next != null;
            }

            @Override
            public DataRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                DataRecord record = next;
                next = null;
                return record;
            }
        };
    }
}
