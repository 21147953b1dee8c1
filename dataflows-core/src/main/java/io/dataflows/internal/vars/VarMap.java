package io.dataflows.internal.vars;

import io.dataflows.DataRecord;
import io.dataflows.internal.expr.Access;
import io.dataflows.internal.expr.Lookup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map node of the variable tree. Values are plain JSON-like values, nested nodes, or {@link LazyValue}s that are
 * evaluated when read through {@link #lookup}. Used by one run's thread.
 */
public class VarMap extends LinkedHashMap<String, Object> implements Lookup {

    private static final long serialVersionUID = 1L;

    final transient VarTree tree;

    VarMap(VarTree tree) {
        this.tree = tree;
    }

    @Override
    public Object lookup(String key) {
        Object v = get(key);
        if (v == null && !containsKey(key)) {
            return Access.MISSING;
        }
        if (v instanceof LazyValue) {
            return ((LazyValue) v).resolve(tree);
        }
        return v;
    }

    @Override
    public Collection<String> keys() {
        return keySet();
    }

    @Override
    public Object materialize() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : keySet()) {
            out.put(key, materializeValue(lookup(key)));
        }
        return Collections.unmodifiableMap(out);
    }

    static Object materializeValue(Object v) {
        if (v instanceof Lookup) {
            return ((Lookup) v).materialize();
        }
        if (v instanceof DataRecord) {
            return ((DataRecord) v).asMap();
        }
        if (v instanceof List) {
            List<?> list = (List<?>) v;
            boolean plain = true;
            for (Object o : list) {
                if (o instanceof Lookup || o instanceof DataRecord) {
                    plain = false;
                    break;
                }
            }
            if (plain) {
                return v;
            }
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(materializeValue(o));
            }
            return Collections.unmodifiableList(out);
        }
        return v;
    }

    /** Copy for export: definitions as written, nodes as maps, records as maps. */
    Map<String, Object> export() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entrySet()) {
            out.put(e.getKey(), exportValue(e.getValue()));
        }
        return out;
    }

    static Object exportValue(Object v) {
        if (v instanceof VarMap) {
            return ((VarMap) v).export();
        }
        if (v instanceof LazyValue) {
            return ((LazyValue) v).raw();
        }
        if (v instanceof DataRecord) {
            return ((DataRecord) v).toMap();
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), exportValue(e.getValue()));
            }
            return out;
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(exportValue(o));
            }
            return out;
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
