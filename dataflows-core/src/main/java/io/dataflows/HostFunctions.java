package io.dataflows;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link HostFunction}s an engine's flows may call, by name. Immutable; built by
 * {@link DataflowEngine.Builder#hostFunction} and {@link DataflowEngine.Builder#readOnlyHostFunction}.
 */
public final class HostFunctions {

    private static final HostFunctions NONE = new HostFunctions(Map.of());

    private final Map<String, Registered> functions;

    private HostFunctions(Map<String, Registered> functions) {
        this.functions = functions;
    }

    /** No functions. */
    public static HostFunctions none() {
        return NONE;
    }

    static HostFunctions of(Map<String, HostFunction> writing, Map<String, HostFunction> readOnly) {
        Map<String, Registered> all = new TreeMap<>();
        writing.forEach((name, f) -> all.put(name, new Registered(f, false)));
        readOnly.forEach((name, f) -> all.put(name, new Registered(f, true)));
        return all.isEmpty() ? NONE : new HostFunctions(Collections.unmodifiableMap(all));
    }

    /** The registered names, sorted. */
    public Set<String> names() {
        return functions.keySet();
    }

    /** Whether a function is registered under {@code name}. */
    public boolean contains(String name) {
        return functions.containsKey(name);
    }

    /**
     * Whether the function only reads, so that dry runs call it too.
     *
     * @throws IllegalArgumentException if no function is registered under {@code name}
     */
    public boolean isReadOnly(String name) {
        return get(name).readOnly;
    }

    /**
     * Calls the function {@code call} names.
     *
     * @throws IllegalArgumentException if no function is registered under that name
     * @throws Exception what the function throws
     */
    public Object call(HostCall call) throws Exception {
        Objects.requireNonNull(call, "call");
        return get(call.function()).function.call(call);
    }

    private Registered get(String name) {
        Registered r = functions.get(Objects.requireNonNull(name, "name"));
        if (r == null) {
            throw new IllegalArgumentException("No host function '" + name + "' is registered; "
                    + (functions.isEmpty() ? "the engine has none." : "registered: " + String.join(", ", names())
                    + "."));
        }
        return r;
    }

    @Override
    public String toString() {
        return "HostFunctions" + names();
    }

    private static final class Registered {
        final HostFunction function;
        final boolean readOnly;

        Registered(HostFunction function, boolean readOnly) {
            this.function = function;
            this.readOnly = readOnly;
        }
    }
}
