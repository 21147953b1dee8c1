package io.dataflows.internal.expr;

import io.dataflows.DataRecord;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** A context over plain maps for expression tests: root names map to values; {@code record} may be a record. */
final class MapContext implements EvalContext {

    final Map<String, Object> roots = new LinkedHashMap<>();
    long now = 1_700_000_000_000L;

    MapContext put(String name, Object value) {
        roots.put(name, value);
        return this;
    }

    MapContext record(DataRecord r) {
        roots.put("record", r);
        return this;
    }

    @Override
    public Object root(String name) {
        return roots.containsKey(name) ? roots.get(name) : Access.MISSING;
    }

    @Override
    public Collection<String> rootNames() {
        return roots.keySet();
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }
}
