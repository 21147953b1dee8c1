package io.dataflows.internal.expr;

import io.dataflows.DataRecord;
import java.time.ZoneId;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The context of a lenient template: a variable or record field whose value is null reads as one that is not set.
 * tool_dataflows left null values out of what an expression could see, so an expression reading one failed and kept
 * its {@code ${{ }}} text, while {@code isset()} saw nothing set; {@code dataflow.vars.x ~ 'y'} with a null
 * {@code x} therefore stays as written instead of becoming {@code y}.
 */
final class NullAsUnset implements EvalContext {

    private final EvalContext inner;

    NullAsUnset(EvalContext inner) {
        this.inner = inner;
    }

    @Override
    public Object root(String name) {
        return wrap(inner.root(name));
    }

    @Override
    public Object record() {
        return wrap(inner.record());
    }

    @Override
    public Collection<String> rootNames() {
        return inner.rootNames();
    }

    @Override
    public long nowMillis() {
        return inner.nowMillis();
    }

    @Override
    public ZoneId zone() {
        return inner.zone();
    }

    @Override
    public Locale locale() {
        return inner.locale();
    }

    private static Object wrap(Object v) {
        if (v == null) {
            return Access.MISSING;
        }
        if (v instanceof Lookup || (v instanceof DataRecord && !((DataRecord) v).isValue())) {
            return new View(v);
        }
        return v;
    }

    /**
     * A node of the variable tree, or a record, whose null children read as missing. It is a map, as the tree's
     * nodes are, so that functions and operators given a whole node treat it as they treat the node.
     */
    static final class View extends AbstractMap<String, Object> implements Lookup {

        private final Object node; // a Lookup or a DataRecord

        View(Object node) {
            this.node = node;
        }

        private Object raw(String key) {
            return node instanceof DataRecord ? ((DataRecord) node).getOrDefault(key, Access.MISSING)
                    : ((Lookup) node).lookup(key);
        }

        /** True when {@code key} is there with a null value, which this view reports as missing. */
        boolean holdsNull(Object key) {
            return raw(key instanceof String ? (String) key : Php.text(key)) == null;
        }

        @Override
        public Object lookup(String key) {
            return wrap(raw(key));
        }

        @Override
        public Collection<String> keys() {
            return node instanceof DataRecord ? ((DataRecord) node).fields() : ((Lookup) node).keys();
        }

        @Override
        public Object materialize() {
            return node instanceof DataRecord ? ((DataRecord) node).asMap() : ((Lookup) node).materialize();
        }

        @Override
        @SuppressWarnings("unchecked")
        public Set<Map.Entry<String, Object>> entrySet() {
            Object plain = materialize();
            return plain instanceof Map ? ((Map<String, Object>) plain).entrySet() : Set.of();
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
}
