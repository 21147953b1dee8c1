package io.dataflows.internal.engine;

import io.dataflows.internal.expr.Access;
import io.dataflows.internal.expr.Lookup;
import io.dataflows.internal.util.JsonValues;
import io.dataflows.internal.vars.VarTree;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.Variables;
import java.util.Map;
import java.util.Optional;

/** The variable tree as steps see it; persists {@code dataflow.vars.*} writes outside dry runs. */
final class VariablesImpl implements Variables {

    private final VarTree tree;
    private final StateStore store;
    private final String dataflow;
    private final boolean dryRun;
    private Map<String, Object> persisted;

    VariablesImpl(VarTree tree, StateStore store, String dataflow, boolean dryRun) {
        this.tree = tree;
        this.store = store;
        this.dataflow = dataflow;
        this.dryRun = dryRun;
    }

    @Override
    public Optional<Object> find(String path) {
        Object v = tree.find(path);
        if (v == Access.MISSING) {
            return Optional.empty();
        }
        return Optional.ofNullable(v instanceof Lookup ? ((Lookup) v).materialize() : v);
    }

    @Override
    public void set(String path, Object value) {
        tree.set(path, value);
        if (!dryRun && path.startsWith("dataflow.vars.")) {
            persist(path.substring("dataflow.vars.".length()), value);
        }
    }

    @Override
    public void merge(String path, Map<String, ?> values) {
        tree.merge(path, values);
    }

    @SuppressWarnings("unchecked")
    private void persist(String relative, Object value) {
        if (persisted == null) {
            persisted = store.loadVariables(dataflow);
        }
        String[] parts = relative.split("\\.");
        Map<String, Object> node = persisted;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = node.get(parts[i]);
            if (!(next instanceof Map)) {
                next = new java.util.LinkedHashMap<String, Object>();
                node.put(parts[i], next);
            }
            node = (Map<String, Object>) next;
        }
        String last = parts[parts.length - 1];
        Object copy = JsonValues.mutableCopy(value);
        if (copy instanceof Map && node.get(last) instanceof Map) {
            // merge, keeping siblings (tool_dataflows dropped them)
            ((Map<String, Object>) node.get(last)).putAll((Map<String, Object>) copy);
        } else {
            node.put(last, copy);
        }
        store.saveVariables(dataflow, persisted);
    }
}
