package io.dataflows.internal.vars;

import io.dataflows.DataRecord;
import io.dataflows.DataflowException;
import io.dataflows.ExpressionException;
import io.dataflows.SecretProvider;
import io.dataflows.internal.expr.Access;
import io.dataflows.internal.expr.CompiledTemplate;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.expr.Lookup;
import io.dataflows.internal.expr.ValueSize;
import io.dataflows.internal.util.JsonValues;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variable tree of one run: {@code global}, {@code dataflow}, {@code run}, {@code env}, {@code secrets} and
 * {@code steps}. Expressions read it through {@link Scope}s; steps write it through {@link #set}. Used by the run's
 * thread only.
 */
public final class VarTree {

    private static final int MAX_RESOLUTION_DEPTH = 64;

    /** The key of the map that stands for a value that could not be evaluated when the tree was exported. */
    public static final String ERROR_KEY = "$error";

    /**
     * How many variables one read may evaluate, the variables they read included. Variables are evaluated each time
     * they are read, so forty variables that each read the previous one twice would take 2^40 evaluations; real
     * flows need a few dozen.
     */
    static final int MAX_RESOLUTIONS = 10_000;

    final VarMap global;
    final VarMap dataflow;
    final VarMap run;
    final VarMap env;
    final SecretsNode secrets;
    final VarMap steps;
    final Clock clock;
    /** Non-null when expressions are lenient in this run. */
    private Leniency leniency;
    /** The language of {@code userdate()}'s names. */
    java.util.Locale locale = java.util.Locale.ENGLISH;
    private final ExpressionEngine expressions;
    private final Redactor redactor;
    private final ArrayDeque<String> resolving = new ArrayDeque<>();
    /** Variables evaluated since the outermost read in progress began. */
    private int resolutions;
    private final Scope dataflowScope;
    private final Scope globalScope;
    private SecretVariables secretVariables = SecretVariables.none();
    /** The node of the step whose outputs every scope reads by their bare names, or null. */
    StepNode sharedNode;
    /** The names read from {@link #sharedNode}. */
    Set<String> sharedNames = Set.of();

    public VarTree(ExpressionEngine expressions, Clock clock, SecretProvider secretProvider, Redactor redactor) {
        this.expressions = expressions;
        this.clock = clock;
        this.redactor = redactor;
        this.global = new VarMap(this);
        this.dataflow = new VarMap(this);
        this.run = new VarMap(this);
        this.env = new VarMap(this);
        this.steps = new VarMap(this);
        this.secrets = new SecretsNode(secretProvider, redactor);
        this.dataflowScope = new Scope(this, dataflow);
        this.globalScope = new Scope(this, global);
    }

    /** Sets the language of the day and month names {@code userdate()} writes. */
    public void locale(java.util.Locale locale) {
        this.locale = locale;
    }

    /**
     * Makes the run's expressions lenient: templates keep the text of what they cannot resolve (see
     * {@link io.dataflows.internal.expr.CompiledTemplate#evaluate(io.dataflows.internal.expr.EvalContext,
     * io.dataflows.internal.expr.Unresolved)}).
     */
    public void lenient() {
        this.leniency = new Leniency(redactor);
    }

    /** Whether expressions are lenient in this run; callers check it before building a field's name per record. */
    public boolean isLenient() {
        return leniency != null;
    }

    /**
     * What a template of {@code field} of {@code step} (null: the dataflow) reports its unresolved expressions to;
     * null when expressions are strict.
     */
    public io.dataflows.internal.expr.Unresolved unresolved(String step, String field, boolean secret) {
        return leniency == null ? null : leniency.at(step, field, secret);
    }

    /** Sets {@code global.cfg}, the host's settings, as they are (never evaluated); nothing when there are none. */
    public void globalCfg(Map<String, Object> cfg) {
        if (!cfg.isEmpty()) {
            global.put("cfg", JsonValues.frozenCopy(cfg));
        }
    }

    public VarMap global() {
        return global;
    }

    public VarMap dataflow() {
        return dataflow;
    }

    public VarMap run() {
        return run;
    }

    public VarMap env() {
        return env;
    }

    public VarMap steps() {
        return steps;
    }

    public Redactor redactor() {
        return redactor;
    }

    /**
     * Declares which variables are secret: their definitions no longer quote their text when they fail, their values
     * are registered with the {@link Redactor} (now, as far as they can be evaluated, whenever a step sets them, and
     * again at each export), and exports show them as {@code *****}.
     */
    public void hideSecrets(SecretVariables secrets) {
        this.secretVariables = secrets;
        if (secrets.isEmpty()) {
            return;
        }
        hideDefinitions(global);
        hideDefinitions(dataflow);
        hideDefinitions(steps);
        registerSecretValues();
    }

    /** The secret variables declared by {@link #hideSecrets}. */
    public SecretVariables secretVariables() {
        return secretVariables;
    }

    private void hideDefinitions(VarMap node) {
        for (Object v : node.values()) {
            if (v instanceof LazyValue) {
                LazyValue lazy = (LazyValue) v;
                if (secretVariables.touches(lazy.path())) {
                    lazy.hide();
                }
            } else if (v instanceof VarMap) {
                hideDefinitions((VarMap) v);
            }
        }
    }

    /** Registers the current value of every secret path that can be evaluated now. */
    private void registerSecretValues() {
        for (String p : secretVariables.paths()) {
            registerValueAt(p);
        }
    }

    private void registerValueAt(String path) {
        try {
            Object v = find(path);
            if (v != Access.MISSING) {
                redactor.addAll(v instanceof Lookup ? ((Lookup) v).materialize() : v);
            }
        } catch (RuntimeException e) {
            // not evaluable yet (it reads what a later step publishes): registered when it is read or set
        }
    }

    /** After {@code value} was stored at {@code path}: registers what of it is secret. */
    private void registerIfSecret(String path, Object value) {
        if (secretVariables.isEmpty()) {
            return;
        }
        for (String p : secretVariables.paths()) {
            if (p.equals(path) || path.startsWith(p + ".")) {
                redactor.addAll(value instanceof DataRecord ? ((DataRecord) value).asValue() : value);
                return;
            }
            if (p.startsWith(path + ".")) {
                registerValueAt(p);
            }
        }
    }

    public ExpressionEngine expressions() {
        return expressions;
    }

    /** A new, empty map node. */
    public VarMap newMap() {
        return new VarMap(this);
    }

    /** Adds {@code steps.<alias>}. */
    public StepNode addStep(String alias, boolean flow) {
        StepNode node = new StepNode(this, flow);
        steps.put(alias, node);
        return node;
    }

    /**
     * Makes {@code names} of {@code node} readable by their bare names from every scope whose own node lacks them:
     * {@code event} in any step then means {@code steps.<trigger>.event}. The root names still win.
     */
    public void shareOutputs(StepNode node, Collection<String> names) {
        this.sharedNode = node;
        this.sharedNames = Set.copyOf(names);
    }

    /** A scope that reads the root names only: a relative name is unknown in it. */
    public Scope rootsOnlyScope() {
        return new Scope(this, null);
    }

    public Scope dataflowScope() {
        return dataflowScope;
    }

    public Scope globalScope() {
        return globalScope;
    }

    public Scope scopeOf(StepNode step) {
        return new Scope(this, step);
    }

    /**
     * Converts a definition value into tree form: text with {@code ${{ }}} becomes a {@link LazyValue} evaluated in
     * {@code owner}'s scope, maps become nodes, lists and other values are stored as they are.
     */
    public Object definition(String path, Object raw, Scope owner) {
        if (raw instanceof String && ExpressionEngine.hasExpression((String) raw)) {
            String text = (String) raw;
            try {
                CompiledTemplate t = expressions.template(text);
                return new LazyValue(path, text, t, null, owner);
            } catch (ExpressionException e) {
                return new LazyValue(path, text, null, e, owner);
            }
        }
        if (raw instanceof Map) {
            VarMap node = new VarMap(this);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
                String key = String.valueOf(e.getKey());
                node.put(key, definition(path + "." + key, e.getValue(), owner));
            }
            return node;
        }
        return JsonValues.frozenCopy(raw);
    }

    void enter(String path) {
        if (resolving.contains(path)) {
            List<String> cycle = new ArrayList<>();
            Iterator<String> it = resolving.descendingIterator();
            boolean in = false;
            while (it.hasNext()) {
                String p = it.next();
                if (p.equals(path)) {
                    in = true;
                }
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(path);
            throw new ExpressionException("Reference cycle between variables: " + String.join(" → ", cycle), null);
        }
        if (resolving.size() >= MAX_RESOLUTION_DEPTH) {
            throw new ExpressionException("Variables refer to each other more than " + MAX_RESOLUTION_DEPTH
                    + " levels deep (at " + path + ")", null);
        }
        if (resolving.isEmpty()) {
            resolutions = 0;
        }
        if (++resolutions > MAX_RESOLUTIONS) {
            throw new ExpressionException("Reading '" + resolving.peekLast() + "' evaluates more than "
                    + MAX_RESOLUTIONS + " variables (at " + path + "): variables that read other variables"
                    + " several times multiply the work", null);
        }
        resolving.push(path);
    }

    void leave() {
        resolving.pop();
    }

    /** The resolved value at an absolute dotted path, or {@link Access#MISSING}. */
    public Object find(String path) {
        return globalScope.path(path);
    }

    /**
     * Sets a value at an absolute path with tool_dataflows' semantics: missing map nodes are created, a map is merged
     * into an existing map node, any other value replaces a leaf.
     *
     * @throws DataflowException for read-only scopes and for mixing maps and values
     */
    public void set(String path, Object value) {
        ValueSize.checkVariable(value, expressions.limits(), path, null);
        String[] parts = path.split("\\.");
        VarMap container = containerOf(parts, path);
        assign(container, parts[parts.length - 1], value, path);
        registerIfSecret(path, value);
    }

    /**
     * Sets a value at an absolute path, replacing whatever was there (a step publishing its outputs): unlike
     * {@link #set}, a map is not merged into an existing map node and a plain value may replace a map. The key keeps
     * its position in its parent.
     *
     * @throws DataflowException for read-only scopes
     */
    public void replace(String path, Object value) {
        ValueSize.checkVariable(value, expressions.limits(), path, null);
        String[] parts = path.split("\\.");
        VarMap container = containerOf(parts, path);
        String key = parts[parts.length - 1];
        if (!(container instanceof StepNode && key.equals("record"))) {
            container.put(key, null); // keeps the key's position; assign() then stores the value or a fresh node
        }
        assign(container, key, value, path);
        registerIfSecret(path, value);
    }

    private VarMap containerOf(String[] parts, String path) {
        VarMap container = rootContainer(parts[0], path);
        for (int i = 1; i < parts.length - 1; i++) {
            Object next = container.get(parts[i]);
            if (next == null && !container.containsKey(parts[i])) {
                VarMap created = new VarMap(this);
                container.put(parts[i], created);
                container = created;
            } else if (next instanceof VarMap) {
                container = (VarMap) next;
            } else {
                throw new DataflowException("Attempting to reference a leaf as a branch for '" + path + "'.");
            }
        }
        if (parts.length == 1) {
            throw new DataflowException("Cannot replace the whole '" + parts[0] + "' scope");
        }
        return container;
    }

    /** Merges {@code values} into the map node at {@code path} (created when missing). */
    public void merge(String path, Map<String, ?> values) {
        set(path, values);
    }

    private VarMap rootContainer(String root, String path) {
        switch (root) {
            case "global":
                return global;
            case "dataflow":
                return dataflow;
            case "steps":
                return steps;
            case "run":
            case "env":
            case "secrets":
                throw new DataflowException("Variables under '" + root + "' are read-only (setting '" + path + "')");
            default:
                throw new DataflowException("Variable path must start with global, dataflow or steps: '" + path
                        + "'");
        }
    }

    private void assign(VarMap container, String key, Object value, String path) {
        if (value instanceof DataRecord) {
            value = ((DataRecord) value).asMap();
        }
        if (container instanceof StepNode && key.equals("record")) {
            ((StepNode) container).setRecord(value instanceof Map ? DataRecord.fromMap(castMap(value)) : null);
            return;
        }
        Object existing = container.get(key);
        if (value instanceof Map) {
            if (existing instanceof VarMap) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    String k = String.valueOf(e.getKey());
                    assign((VarMap) existing, k, e.getValue(), path + "." + k);
                }
                return;
            }
            if (existing != null && !(existing instanceof LazyValue)) {
                throw new DataflowException("Attempting to assign an object to a value node for '" + path + "'.");
            }
            VarMap node = new VarMap(this);
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                String k = String.valueOf(e.getKey());
                assign(node, k, e.getValue(), path + "." + k);
            }
            container.put(key, node);
            return;
        }
        if (existing instanceof VarMap) {
            throw new DataflowException("Attempting to assign a value to an object node for '" + path + "'.");
        }
        container.put(key, JsonValues.frozenCopy(value));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> castMap(Object v) {
        return (Map<String, ?>) v;
    }

    /**
     * An unmodifiable copy of {@code value} to store as {@code steps.<alias>.vars.<name>}.
     *
     * @throws ExpressionException when the value is larger than a variable may hold (see {@link ValueSize})
     */
    public Object stepVariable(String alias, String name, Object value) {
        ValueSize.checkVariable(value, expressions.limits(), alias, name);
        return JsonValues.frozenCopy(value);
    }

    /**
     * The tree as plain maps for run states and {@code --state-out}: {@code global}, {@code dataflow}, {@code run},
     * {@code steps}, exactly as expressions see it — {@code ${{ }}} values of {@code global.vars} and
     * {@code dataflow.vars} evaluated — except that configs are shown as defined. A value that cannot be evaluated
     * is shown as {@code {"$error": "<message>"}}. Secret variables are {@code *****}, and every registered secret
     * value is redacted wherever it appears.
     */
    public Map<String, Object> export() {
        registerSecretValues(); // set-variable steps may have changed them
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("global", global.export(true));
        Map<String, Object> df = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : dataflow.entrySet()) {
            df.put(e.getKey(), dataflow.exportValue(e.getValue(), !e.getKey().equals("config")));
        }
        StateTimes.toText(df.get("states"));
        out.put("dataflow", df);
        out.put("run", run.export(true));
        Map<String, Object> stepsOut = steps.export(true);
        for (Object step : stepsOut.values()) {
            if (step instanceof Map) {
                StateTimes.toText(((Map<?, ?>) step).get("states"));
            }
        }
        out.put("steps", stepsOut);
        secretVariables.mask(out);
        redactor.scrubDeep(out);
        return out;
    }

    /** A definition's value for an export, or an error marker when it cannot be evaluated. */
    Object evaluateForExport(LazyValue lazy) {
        try {
            return VarMap.plainCopy(lazy.resolve(this));
        } catch (RuntimeException e) {
            String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            Map<String, Object> marker = new LinkedHashMap<>();
            marker.put(ERROR_KEY, message);
            return marker;
        }
    }
}
