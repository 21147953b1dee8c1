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
            return ((DataRecord) v).asValue();
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

    /**
     * Copy for export: nodes as maps, records as maps; definitions ({@code ${{ }}} values) evaluated as expressions
     * see them when {@code evaluate}, else as written.
     */
    Map<String, Object> export(boolean evaluate) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : entrySet()) {
            out.put(e.getKey(), exportValue(e.getValue(), evaluate));
        }
        return out;
    }

    Object exportValue(Object v, boolean evaluate) {
        if (v instanceof VarMap) {
            return ((VarMap) v).export(evaluate);
        }
        if (v instanceof LazyValue) {
            return evaluate ? tree.evaluateForExport((LazyValue) v) : ((LazyValue) v).raw();
        }
        return plainCopy(v);
    }

    /** A mutable copy of a JSON-like value: maps (records included) and lists copied, other values as they are. */
    static Object plainCopy(Object v) {
        if (v instanceof DataRecord) {
            return plainCopy(((DataRecord) v).asValue());
        }
        if (v instanceof Lookup) {
            return plainCopy(((Lookup) v).materialize());
        }
        if (v instanceof Map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                out.put(String.valueOf(e.getKey()), plainCopy(e.getValue()));
            }
            return out;
        }
        if (v instanceof List) {
            List<Object> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                out.add(plainCopy(o));
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
