package io.dataflows.internal.engine;

import io.dataflows.Dataflow;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunStatus;
import io.dataflows.Step;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.internal.util.JsonValues;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.SecretVariables;
import io.dataflows.internal.vars.StateTimes;
import io.dataflows.internal.vars.StepNode;
import io.dataflows.internal.vars.VarMap;
import io.dataflows.internal.vars.VarTree;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.StepType;
import io.dataflows.spi.TriggerStep;
import io.dataflows.spi.Values;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The world of one run as its steps see it: the variable tree ({@code global}, {@code dataflow}, {@code run},
 * {@code env}, {@code steps}) with secrets registered for redaction, the paths a run may use, its scratch directory,
 * output stream and data sources, and one {@link StepRuntime} per step with its {@link StepContextImpl}.
 */
final class RunEnvironment {

    private final EngineSettings settings;
    private final Dataflow flow;
    private final FlowGraph graph;
    private final RunOptions options;
    private final boolean dryRun;
    private final Path scratch;
    private final Path base;
    private final VarTree tree;
    private final PathResolver paths;
    private final PrintStream output;
    private final VariablesImpl variables;
    /** What a dry run skipped, in order; shared by the steps' {@link EffectsImpl}. */
    private final List<Effect> effects = new ArrayList<>();
    private final Map<String, StepRuntime> runtimes = new LinkedHashMap<>();
    private final StepTimer timer = new StepTimer();
    private VarMap dataflowStates;
    private RunStatus status;
    private String runId;
    /** Whether the run claimed queued events, which are settled when it ends. */
    private boolean claimedEvents;
    /** The id of the last queued event a dry run read. */
    private long lastEventRead;
    private final RunControl control;

    RunEnvironment(EngineSettings settings, Dataflow flow, FlowGraph graph, RunOptions options, Path scratch,
            RunControl control) {
        this.control = control;
        this.settings = settings;
        this.flow = flow;
        this.graph = graph;
        this.options = options;
        this.dryRun = options.isDryRun();
        this.scratch = scratch;
        this.tree = new VarTree(settings.expressions(), settings.clock(), settings.secrets(), new Redactor());
        tree.locale(settings.locale());
        if (settings.lenientExpressions() || flow.hasLenientExpressions()) {
            tree.lenient();
        }
        Path given = options.baseDir().orElse(settings.baseDir());
        this.base = given != null ? given.toAbsolutePath().normalize() : scratch;
        // Without a base directory, relative reads resolve in the scratch directory but relative writes are refused:
        // their files would be deleted with it when the run ends.
        Path dataRoot = settings.dataRoot() != null ? settings.dataRoot() : given;
        this.paths = given != null ? new PathResolver(base, scratch, settings.permittedDirs(), dataRoot)
                : PathResolver.forScratchAsBase(scratch, settings.permittedDirs(), dataRoot);
        this.output = options.output().orElse(settings.output());
        this.variables = new VariablesImpl(tree, settings.store(), flow.name(), dryRun);
    }

    /** Fills the tree and creates the steps' runtimes; every step and the run are then {@code new}. */
    void build(Instant started, RunFailures failures, RunNotifier notifier) {
        tree.globalCfg(settings.globalCfg());
        tree.global().put("vars", tree.definition("global.vars", settings.globalVars(), tree.globalScope()));
        VarMap df = tree.dataflow();
        df.put("id", DataflowIds.of(flow));
        df.put("name", flow.name());
        df.put("description", flow.description());
        df.put("config", tree.definition("dataflow.config", configWithDefaults(), tree.dataflowScope()));
        Map<String, Object> vars = new LinkedHashMap<>(flow.vars());
        VarMap varsNode = (VarMap) tree.definition("dataflow.vars", vars, tree.dataflowScope());
        df.put("vars", varsNode);
        for (Map.Entry<String, Object> e : settings.store().loadVariables(flow.name()).entrySet()) {
            overlay(varsNode, e.getKey(), e.getValue(), "dataflow.vars." + e.getKey(), false);
        }
        for (Map.Entry<String, Object> e : options.vars().entrySet()) {
            overlay(varsNode, e.getKey(), e.getValue(), "dataflow.vars." + e.getKey(), true);
        }
        dataflowStates = tree.newMap();
        df.put("states", dataflowStates);
        VarMap run = tree.run();
        run.put("id", null);
        run.put("name", null);
        run.put("dryrun", dryRun);
        run.put("scratchdir", scratch.toString());
        run.put("basedir", base.toString());
        run.put("startedat", Values.timestamp(started));
        VarMap trigger = tree.newMap();
        trigger.put("type", options.trigger().label());
        for (Map.Entry<String, Object> e : options.triggerDetails().entrySet()) {
            trigger.put(e.getKey(), JsonValues.frozenCopy(e.getValue())); // values, never expressions
        }
        run.put("trigger", trigger);
        tree.env().putAll(settings.env());
        long position = 0;
        for (Step step : flow.steps()) {
            StepType type = graph.type(step.alias()).orElseThrow();
            StepNode node = tree.addStep(step.alias(), type.kind().isFlow());
            node.put("id", ++position);
            node.put("name", step.name());
            node.put("alias", step.alias());
            node.put("description", step.description());
            node.put("depends_on", dependsOn(step));
            node.put("type", step.type());
            for (ConfigField f : type.configSchema().fields()) {
                Object secret = step.config().get(f.name());
                if (f.isSecret() && secret instanceof String && !ExpressionEngine.hasExpression((String) secret)) {
                    tree.redactor().add((String) secret);
                }
            }
            node.put("config", null); // bound below, once every step's scope exists
            node.put("vars", tree.newMap());
            node.put("states", tree.newMap());
            StepRuntime runtime = new StepRuntime(this, failures, notifier, step, type, node, tree.scopeOf(node),
                    !graph.inputs(step.alias()).isEmpty());
            runtimes.put(step.alias(), runtime);
        }
        shareTriggerOutputs();
        // Config lazies resolve in their step's scope; bind them now that the nodes exist.
        for (StepRuntime s : runtimes.values()) {
            s.node.put("config", tree.definition("steps." + s.alias + ".config", redactedConfig(s), s.scope));
        }
        // A value that flows into a secret field is secret: known before anything is exported or evaluated.
        SecretVariables secrets = SecretVariables.of(flow, step -> graph.type(step.alias()).orElse(null),
                settings.globalVars(), options.vars(), tree.expressions());
        tree.hideSecrets(secrets);
        for (StepRuntime s : runtimes.values()) {
            s.hideSecretVars(secrets);
            StepConfigImpl config = new StepConfigImpl(s.alias, s.typeId, s.type.configSchema(), s.step.config(),
                    s.scope, tree.expressions(), paths, tree.redactor(), secrets);
            s.context = new StepContextImpl(this, s, config, new EffectsImpl(dryRun, paths, effects, s.alias),
                    new StepStateImpl(settings.store(), flow.name(), s.alias, dryRun));
        }
        setStatus(RunStatus.NEW);
        for (StepRuntime s : runtimes.values()) {
            s.setStatus(RunStatus.NEW);
        }
    }

    /**
     * {@code dataflow.config}: as written, with {@code enabled} and {@code concurrencyenabled} present even when the
     * definition leaves them out, so that flows can read them either way.
     */
    private Map<String, Object> configWithDefaults() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(Dataflow.ENABLED, flow.isEnabled());
        config.put(Dataflow.CONCURRENCY_ENABLED, flow.isConcurrencyEnabled());
        config.putAll(flow.config());
        return config;
    }

    /**
     * {@code steps.<alias>.depends_on} as tool_dataflows exposed it: an empty list, the one dependency as text, or
     * the list of them, each as written ({@code alias} or {@code alias:output}).
     */
    private static Object dependsOn(Step step) {
        List<String> deps = step.dependsOn();
        return deps.size() == 1 ? deps.get(0) : List.copyOf(deps);
    }

    /**
     * What the trigger step publishes ({@code event} of {@code trigger_event}) is read by every step by its bare
     * name: the names its type declares as outputs are looked up in its node when a step's own node lacks them.
     */
    private void shareTriggerOutputs() {
        for (StepRuntime s : runtimes.values()) {
            if (s.type instanceof TriggerStep && !s.type.outputs().isEmpty()) {
                List<String> names = new ArrayList<>();
                for (String output : s.type.outputs().keySet()) {
                    int dot = output.indexOf('.');
                    names.add(dot < 0 ? output : output.substring(0, dot));
                }
                tree.shareOutputs(s.node, names);
                return;
            }
        }
    }

    /**
     * Claims up to {@code limit} queued events of the dataflow for this run, or in a dry run reads the next ones
     * without claiming them (each read continues after the last event read).
     */
    List<QueuedEvent> claimEvents(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        if (dryRun) {
            List<QueuedEvent> next = settings.store().queuedEvents(flow.name(), lastEventRead, limit);
            if (!next.isEmpty()) {
                lastEventRead = next.get(next.size() - 1).id();
            }
            return next;
        }
        claimedEvents = true; // set first: a claim that failed half-way may still have claimed some
        return settings.store().claimEvents(flow.name(), runId, limit);
    }

    /** True when the run claimed events (or tried to): they are settled when it ends. */
    boolean hasClaimedEvents() {
        return claimedEvents;
    }

    private Map<String, Object> redactedConfig(StepRuntime s) {
        Map<String, Object> shown = new LinkedHashMap<>(s.step.config());
        for (String secret : s.type.configSchema().secretFields()) {
            if (shown.containsKey(secret)) {
                shown.put(secret, Redactor.PLACEHOLDER);
            }
        }
        return shown;
    }

    /** Later sources of {@code dataflow.vars} (persisted values, run options) override earlier ones. */
    private void overlay(VarMap node, String key, Object value, String path, boolean mayHoldExpressions) {
        Object existing = node.get(key);
        if (value instanceof Map && existing instanceof VarMap) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                overlay((VarMap) existing, String.valueOf(e.getKey()), e.getValue(), path + "." + e.getKey(),
                        mayHoldExpressions);
            }
            return;
        }
        node.put(key, mayHoldExpressions ? tree.definition(path, value, tree.dataflowScope())
                : value instanceof Map ? tree.definition(path, JsonValues.frozenCopy(value), null)
                : JsonValues.frozenCopy(value));
    }

    /** The run's id and name, once its record exists: {@code run.id}, {@code run.name}. */
    void identify(String id, String name) {
        this.runId = id;
        tree.run().put("id", id);
        tree.run().put("name", name);
    }

    /** Sets the run's status, stamping {@code dataflow.states.<status>}. */
    void setStatus(RunStatus s) {
        if (status == s) {
            return;
        }
        status = s;
        control.status(s);
        dataflowStates.put(s.label(), timestamp());
    }

    RunStatus status() {
        return status;
    }

    /** How the run is stopped: steps register their cancel actions with it. */
    RunControl control() {
        return control;
    }

    /** The steps' runtimes in definition order. */
    Map<String, StepRuntime> runtimes() {
        return runtimes;
    }

    StepTimer timer() {
        return timer;
    }

    List<Effect> effects() {
        return effects;
    }

    io.dataflows.Sleeper sleeper() {
        return settings.sleeper();
    }

    String dataflowName() {
        return flow.name();
    }

    String runId() {
        return runId;
    }

    boolean isDryRun() {
        return dryRun;
    }

    VarTree tree() {
        return tree;
    }

    PathResolver paths() {
        return paths;
    }

    Path scratchDir() {
        return scratch;
    }

    PrintStream output() {
        return output;
    }

    VariablesImpl variables() {
        return variables;
    }

    EngineSettings settings() {
        return settings;
    }

    Map<String, DataSource> dataSources() {
        return settings.dataSources();
    }

    String tablePrefix() {
        return settings.tablePrefix();
    }

    /**
     * Now, as recorded in {@code states}: seconds since the epoch with microseconds, as tool_dataflows recorded them
     * ({@code date('Y-m-d', dataflow.states.processing)} works); exports show them as ISO-8601 text.
     */
    Double timestamp() {
        return StateTimes.of(settings.clock().instant());
    }
}
