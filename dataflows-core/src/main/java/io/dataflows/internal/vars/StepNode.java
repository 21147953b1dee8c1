package io.dataflows.internal.vars;

import io.dataflows.DataRecord;
import io.dataflows.internal.expr.Access;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code steps.<alias>}: the step's definition (name, alias, description, type, config), its published
 * {@code vars}, its {@code states}, and what it exposes at run time ({@code record}, {@code iterations}, outputs).
 * The current record and iteration count are fields, not map entries: they change for every record.
 */
public final class StepNode extends VarMap {

    private static final long serialVersionUID = 1L;

    private final boolean flow;
    private transient DataRecord record;
    private long iterations;

    StepNode(VarTree tree, boolean flow) {
        super(tree);
        this.flow = flow;
    }

    public VarMap config() {
        return (VarMap) get("config");
    }

    public VarMap vars() {
        return (VarMap) get("vars");
    }

    public VarMap states() {
        return (VarMap) get("states");
    }

    /** The record the step is processing (flow steps), or null. */
    public DataRecord record() {
        return record;
    }

    public void setRecord(DataRecord record) {
        this.record = record;
    }

    public long iterations() {
        return iterations;
    }

    public void setIterations(long iterations) {
        this.iterations = iterations;
    }

    public void incrementIterations() {
        iterations++;
    }

    @Override
    public Object lookup(String key) {
        if (key.equals("record")) {
            // A value record is the value it stands for, as tool_dataflows passed such values on.
            return record == null ? Access.MISSING : record.isValue() ? record.asValue() : record;
        }
        if (key.equals("iterations")) {
            return flow ? (Object) iterations : Access.MISSING;
        }
        return super.lookup(key);
    }

    @Override
    public Collection<String> keys() {
        List<String> keys = new ArrayList<>(keySet());
        if (flow) {
            keys.add("iterations");
        }
        if (record != null) {
            keys.add("record");
        }
        return keys;
    }

    @Override
    public Object materialize() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : keys()) {
            out.put(key, materializeValue(lookup(key)));
        }
        return Collections.unmodifiableMap(out);
    }

    /** Its config as defined, everything else evaluated (see {@link VarMap#export}). */
    @Override
    Map<String, Object> export(boolean evaluate) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean placed = false;
        for (Map.Entry<String, Object> e : entrySet()) {
            out.put(e.getKey(), exportValue(e.getValue(), evaluate && !e.getKey().equals("config")));
            if (e.getKey().equals("states")) {
                placeRuntime(out);
                placed = true;
            }
        }
        if (!placed) {
            placeRuntime(out);
        }
        return out;
    }

    private void placeRuntime(Map<String, Object> out) {
        if (flow) {
            out.put("iterations", iterations);
        }
        if (record != null) {
            out.put("record", plainCopy(record));
        }
    }
}
