package io.dataflows.internal.validate;

import io.dataflows.Dataflow;
import io.dataflows.DataflowException;
import io.dataflows.ExpressionException;
import io.dataflows.HostFunctions;
import io.dataflows.Problem;
import io.dataflows.Step;
import io.dataflows.StepRegistry;
import io.dataflows.internal.engine.PathResolver;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.expr.CompiledTemplate;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.expr.VariableReference;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.internal.graph.Plan;
import io.dataflows.internal.vars.SecretText;
import io.dataflows.internal.vars.SecretVariables;
import io.dataflows.internal.util.ConfigBoolean;
import io.dataflows.internal.util.ShortText;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Evaluation;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import io.dataflows.spi.StepValidation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a dataflow and collects every problem; never throws. The rules are tool_dataflows' (DAG, link counts by
 * kind, no mixed links, at most one trigger, alias syntax, required config, permitted paths) with its message
 * texts, plus: unique aliases and names, names and aliases that fit the state store's columns, existing
 * dependencies, valid switch outputs each feeding one step, compiling expressions, existing steps in
 * {@code steps.<alias>} references, existing dataflow variables in {@code dataflow.vars.*} references and no cycles
 * between them, record fields the records reaching a step cannot have ({@code record.x}), unknown config keys, and
 * the keys and types of the dataflow-level config. Config keys a step type does not know are warnings, not errors:
 * tool_dataflows ignores them. Everything else is an error.
 */
public final class Validator {

    private static final Pattern ALIAS = Pattern.compile("^[a-zA-Z0-9_-]+$");
    /** tool_dataflows configs may carry the legacy {@code outputs} field, moved to {@code vars} in 2022. */
    private static final String LEGACY_OUTPUTS = "outputs";

    /**
     * The dataflow-level config keys tool_dataflows knows, with their types: {@code enabled} and
     * {@code concurrencyenabled} true or false, {@code loghandlers} and {@code notifyonabort} comma-separated text
     * ({@code notifyonabort} also a list of texts), {@code minloglevel} a Monolog level number.
     */
    private static final List<String> DATAFLOW_CONFIG = List.of(Dataflow.ENABLED, Dataflow.CONCURRENCY_ENABLED,
            "loghandlers", "notifyonabort", "minloglevel", Dataflow.EXPRESSIONS);

    private static final String NOTIFY_ON_ABORT = "notifyonabort";

    private final StepRegistry registry;
    private final ExpressionEngine expressions;
    private final PathResolver paths;
    private final HostFunctions hostFunctions;
    private final Map<Class<?>, Object> services;

    private final boolean lenientExpressions;

    public Validator(StepRegistry registry, ExpressionEngine expressions, PathResolver paths) {
        this(registry, expressions, paths, HostFunctions.none(), Map.of());
    }

    /**
     * @param hostFunctions the functions step types may check names against
     * @param services what step types may look up by type
     */
    public Validator(StepRegistry registry, ExpressionEngine expressions, PathResolver paths,
            HostFunctions hostFunctions, Map<Class<?>, Object> services) {
        this(registry, expressions, paths, hostFunctions, services, false);
    }

    /**
     * @param lenientExpressions whether runs keep the text of expressions they cannot resolve: references to what
     *     does not exist in templates are then warnings, as the flow's {@code expressions: lenient} makes them
     */
    public Validator(StepRegistry registry, ExpressionEngine expressions, PathResolver paths,
            HostFunctions hostFunctions, Map<Class<?>, Object> services, boolean lenientExpressions) {
        this.lenientExpressions = lenientExpressions;
        this.registry = registry;
        this.expressions = expressions;
        this.paths = paths;
        this.hostFunctions = hostFunctions;
        this.services = services;
    }

    public List<Problem> validate(Dataflow flow) {
        return validate(flow, Set.of());
    }

    /** Like {@link #validate(Dataflow)}; {@code runVars} are the dataflow variables the run's options set. */
    public List<Problem> validate(Dataflow flow, Set<String> runVars) {
        FlowGraph graph = FlowGraph.of(flow, registry);
        List<Problem> dataflowProblems = new ArrayList<>();
        Map<String, List<Problem>> stepProblems = new LinkedHashMap<>();
        for (Step s : flow.steps()) {
            stepProblems.put(s.alias(), new ArrayList<>());
        }
        if (flow.name().isBlank()) {
            dataflowProblems.add(Problem.ofDataflow("name", "The dataflow has no name."));
        } else if (flow.name().length() > Dataflow.MAX_NAME_LENGTH) {
            dataflowProblems.add(Problem.ofDataflow("name", tooLong("name", flow.name(), Dataflow.MAX_NAME_LENGTH)));
        }
        validateDataflowConfig(flow, dataflowProblems);
        for (Problem p : graph.problems()) {
            stepProblems.get(p.stepAlias()).add(p);
        }
        boolean acyclic = true;
        var cycle = graph.cycle();
        if (cycle.isPresent()) {
            acyclic = false;
            dataflowProblems.add(Problem.ofDataflow("Dataflow is not a valid Directed Acyclic Graph (DAG). Cycle: "
                    + CycleText.of(cycle.get(), "steps") + "."));
        }
        SecretVariables secrets = SecretVariables.of(flow, s -> graph.type(s.alias()).orElse(null), Map.of(),
                Map.of(), expressions);
        DataflowVarsCheck dataflowVars = new DataflowVarsCheck(flow, runVars);
        dataflowProblems.addAll(dataflowVars.cycles(expressions));
        References references = new References(dataflowVars, new RecordFieldsCheck(graph, acyclic),
                lenientExpressions || flow.hasLenientExpressions());
        int triggers = 0;
        Map<String, String> names = new HashMap<>();
        Set<String> fed = fedByReaders(graph);
        for (Step step : flow.steps()) {
            List<Problem> out = stepProblems.get(step.alias());
            if (step.alias().length() > Dataflow.MAX_ALIAS_LENGTH) {
                out.add(Problem.ofStep(step.alias(), "alias", tooLong("alias", step.alias(),
                        Dataflow.MAX_ALIAS_LENGTH)));
            } else if (!ALIAS.matcher(step.alias()).matches()) {
                out.add(Problem.ofStep(step.alias(), "alias", "Value \"" + step.alias()
                        + "\" for field \"Alias\" is invalid."));
            }
            if (step.name().length() > Dataflow.MAX_NAME_LENGTH) {
                out.add(Problem.ofStep(step.alias(), "name", tooLong("name", step.name(), Dataflow.MAX_NAME_LENGTH)));
            }
            String previous = names.putIfAbsent(step.name(), step.alias());
            if (previous != null) {
                out.add(Problem.ofStep(step.alias(), "name", "The name '" + ShortText.of(step.name(),
                        Dataflow.MAX_NAME_LENGTH) + "' is already in use for this dataflow."));
            }
            StepType type = graph.type(step.alias()).orElse(null);
            if (type == null) {
                out.add(Problem.ofStep(step.alias(), "type", unknownType(step.type())));
            } else {
                if ("triggers".equals(type.group())) {
                    triggers++;
                }
                validateConfig(flow.name(), step, type, graph, secrets, references, out);
                validateLinks(step, type, graph, fed, out);
            }
            validateVars(step.alias(), "vars", step.vars(), graph, secrets, references, out);
        }
        if (triggers > 1) {
            dataflowProblems.add(Problem.ofDataflow("A dataflow can have at most one trigger step."));
        }
        validateVars(null, "vars", flow.vars(), graph, secrets, references, dataflowProblems);
        if (acyclic && allTypesKnown(graph)) {
            String connector = Plan.of(graph).selfWaitingConnector();
            if (connector != null) {
                dataflowProblems.add(Problem.ofDataflow("A stream waits for connector '" + connector
                        + "', which waits for the same stream; split the stream in two."));
            }
        }
        List<Problem> all = new ArrayList<>(dataflowProblems);
        stepProblems.values().forEach(all::addAll);
        return all;
    }

    /** Without quoting the value: a hostile name is a hundred thousand characters. */
    private static String tooLong(String field, String value, int max) {
        return "The " + field + " is " + value.length() + " characters long; at most " + max + " are allowed.";
    }

    private static void validateDataflowConfig(Dataflow flow, List<Problem> out) {
        for (Map.Entry<String, Object> e : flow.config().entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            String where = "config." + key;
            if (!DATAFLOW_CONFIG.contains(key)) {
                out.add(Problem.ofDataflow(where, "Unknown config key '" + ShortText.of(key) + "'. Known keys: "
                        + String.join(", ", DATAFLOW_CONFIG) + "."));
            } else if (v == null) {
                continue;
            } else if (key.equals(Dataflow.ENABLED) || key.equals(Dataflow.CONCURRENCY_ENABLED)) {
                if (!ConfigBoolean.isBoolean(v)) {
                    out.add(Problem.ofDataflow(where, "Config '" + key + "' is invalid. It must be true or false."));
                }
            } else if (key.equals(Dataflow.EXPRESSIONS)) {
                if (!"strict".equals(v) && !"lenient".equals(v)) {
                    out.add(Problem.ofDataflow(where, "Config '" + key + "' is invalid. It must be strict or "
                            + "lenient."));
                }
            } else if (key.equals("minloglevel")) {
                if (!isInteger(v) && !"".equals(v)) {
                    out.add(Problem.ofDataflow(where, "Config '" + key + "' is invalid. It must be a whole number "
                            + "(a Monolog level: 100 debug … 600 emergency)."));
                }
            } else if (key.equals(NOTIFY_ON_ABORT) && v instanceof List) {
                // e-mail addresses: tool_dataflows' comma-separated text, or a YAML list of them
                if (!((List<?>) v).stream().allMatch(a -> a instanceof String)) {
                    out.add(Problem.ofDataflow(where, "Config '" + key + "' is invalid. It must be text or a list "
                            + "of texts."));
                }
            } else if (v instanceof Map || v instanceof List) {
                out.add(Problem.ofDataflow(where, "Config '" + key + "' is invalid. It must be text."));
            }
        }
    }

    private static boolean allTypesKnown(FlowGraph graph) {
        return graph.steps().stream().allMatch(s -> graph.type(s.alias()).isPresent());
    }

    private String unknownType(String type) {
        StringBuilder sb = new StringBuilder("The step type \"").append(ShortText.of(type))
                .append("\" does not exist.");
        String id = Step.typeIdOf(type);
        String best = null;
        int bestDistance = 3;
        for (String known : registry.ids()) {
            if (Math.abs(known.length() - id.length()) >= bestDistance) {
                continue;
            }
            int d = Suggestions.distance(id, known);
            if (d < bestDistance) {
                bestDistance = d;
                best = known;
            }
        }
        if (best != null) {
            sb.append(" Did you mean \"").append(best).append("\"?");
        }
        if (!registry.loadProblems().isEmpty()) {
            sb.append(" (").append(registry.loadProblems().size()).append(" step type provider(s) failed to load: ")
                    .append(String.join("; ", registry.loadProblems())).append(')');
        }
        return sb.toString();
    }

    // ---- config ------------------------------------------------------------------------------------------------

    private void validateConfig(String flowName, Step step, StepType type, FlowGraph graph, SecretVariables secrets,
            References references, List<Problem> out) {
        ConfigSchema schema = type.configSchema();
        Map<String, Object> config = step.config();
        for (String key : config.keySet()) {
            if (schema.field(key).isEmpty() && !key.equals(LEGACY_OUTPUTS)) {
                out.add(unknownConfigKey(flowName, step.alias(), key, schema));
            }
        }
        for (ConfigField field : schema.fields()) {
            Object value = config.get(field.name());
            String where = "config." + field.name();
            if (value == null || (value instanceof String && ((String) value).isEmpty())) {
                if (field.isRequired() && field.defaultValue().isEmpty()) {
                    out.add(Problem.ofStep(step.alias(), where, "Config '" + field.label() + "' is missing."));
                }
                continue;
            }
            boolean secret = field.isSecret() || secrets.touches("steps." + step.alias() + "." + where);
            boolean dynamic = compileField(step.alias(), field, value, graph, secret, references, out);
            if (!dynamic) {
                checkStaticValue(step.alias(), field, value, secret, out);
            }
        }
        type.validate(new Validation(step, out, (field, text) -> expression(step.alias(), "config." + field, text,
                true, graph, schema.field(field).map(ConfigField::isSecret).orElse(false)
                        || secrets.touches("steps." + step.alias() + ".config." + field), references, out),
                field -> staticPath(type, step, field)));
    }

    /**
     * A warning: tool_dataflows ignores config keys a step type does not know, and its exports carry such keys
     * (left from an earlier type of the step, or from an older version of the type), so the step runs without
     * them. Only the keys of the config itself are checked; what is inside a field's value is the field's own.
     */
    private static Problem unknownConfigKey(String flowName, String alias, String key, ConfigSchema schema) {
        List<String> known = new ArrayList<>();
        schema.fields().forEach(f -> known.add(f.name()));
        StringBuilder message = new StringBuilder("Unknown config key '").append(ShortText.of(key))
                .append("' in dataflow '").append(ShortText.of(flowName)).append("' is ignored.");
        if (known.isEmpty()) {
            message.append(" This step type takes no config.");
        } else {
            String suggestion = Suggestions.closest(key, known);
            if (suggestion != null) {
                message.append(" Did you mean '").append(suggestion).append("'?");
            }
            message.append(" Known keys: ").append(String.join(", ", known)).append('.');
        }
        return Problem.warningOfStep(alias, "config." + key, message.toString());
    }

    /** Compiles the expressions of a field; returns true when the value holds expressions. */
    private boolean compileField(String alias, ConfigField field, Object value, FlowGraph graph, boolean secret,
            References references, List<Problem> out) {
        String where = "config." + field.name();
        switch (field.evaluation()) {
            case LITERAL:
                return false;
            case EXPRESSION:
                if (!(value instanceof String)) {
                    return false;
                }
                expression(alias, where, (String) value, true, graph, secret, references, out);
                return true;
            case EXPRESSION_MAP:
            case TEMPLATE_MAP:
                if (!(value instanceof Map)) {
                    out.add(Problem.ofStep(alias, where, "Config '" + field.label()
                            + "' is invalid. It must be a map of names to expressions."));
                    return true;
                }
                for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                    if (e.getValue() instanceof String) {
                        expression(alias, where + "." + e.getKey(), (String) e.getValue(),
                                field.evaluation() == Evaluation.EXPRESSION_MAP, graph, secret, references, out);
                    }
                }
                return true;
            default:
                return templates(alias, where, value, graph, secret, references, out);
        }
    }

    private boolean templates(String alias, String where, Object value, FlowGraph graph, boolean secret,
            References references, List<Problem> out) {
        if (value instanceof String) {
            if (ExpressionEngine.hasExpression((String) value)) {
                expression(alias, where, (String) value, false, graph, secret, references, out);
                return true;
            }
            return false;
        }
        boolean any = false;
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                any |= templates(alias, where + "." + e.getKey(), e.getValue(), graph, secret, references, out);
            }
        }
        return any;
    }

    /**
     * Compiles an expression and checks the steps it names. The problems of a secret value ({@code secret}) say what
     * is wrong without quoting its text, which may hold the secret itself.
     */
    private void expression(String alias, String where, String text, boolean bare, FlowGraph graph, boolean secret,
            References references, List<Problem> out) {
        try {
            Collection<CompiledExpression> compiled;
            if (bare) {
                compiled = List.of(expressions.compileCondition(text));
            } else {
                CompiledTemplate t = expressions.template(text);
                compiled = t.expressions();
            }
            for (CompiledExpression e : compiled) {
                for (String ref : e.referencedSteps()) {
                    if (graph.step(ref) == null) {
                        String suggestion = secret ? null : Suggestions.closest(ref, graph.steps().stream().map(Step::alias).toList());
                        out.add(unresolvable(alias, where, bare, references, secret
                                ? "Unknown step in the expression of " + where + " " + SecretText.NOT_SHOWN + "."
                                : "Unknown step '" + ShortText.of(ref) + "' in expression '"
                                + ShortText.of(e.source()) + "' (" + where + ")."
                                + (suggestion == null ? "" : " Did you mean 'steps." + suggestion + "'?")));
                    }
                }
                boolean dataflowScope = alias == null;
                for (VariableReference ref : e.variableReferences()) {
                    String unknown = references.dataflowVars().unknownVariable(e, ref, dataflowScope, where,
                            secret);
                    if (unknown == null) {
                        unknown = unknownStepVariable(e, ref, graph, where, secret);
                    }
                    if (unknown == null) {
                        unknown = references.recordFields().unknownField(e, ref, alias, where, secret);
                    }
                    if (unknown != null) {
                        out.add(unresolvable(alias, where, bare, references, unknown));
                    }
                }
            }
        } catch (ExpressionException e) {
            out.add(problem(alias, where, "Invalid expression in " + where + ": " + (secret
                    ? SecretText.reason(e) + " " + SecretText.NOT_SHOWN + "." : e.getMessage())));
        }
    }

    /** The checks of the variables expressions read, made once per validation. */
    private record References(DataflowVarsCheck dataflowVars, RecordFieldsCheck recordFields, boolean lenient) {}

    /** What every step publishes under {@code steps.<alias>}, besides the outputs its type declares. */
    private static final Set<String> STEP_VARIABLES = Set.of("id", "name", "alias", "description", "depends_on",
            "type", "config", "vars", "states", "iterations", "record");

    /**
     * A reference {@code steps.<alias>.<name>} to a name the step does not publish, when its type declares its
     * outputs ({@link StepType#outputs}); null otherwise. Types that declare none publish what they like, known
     * only at run time; guarded references ({@code isset()}, {@code ??}) are never reported.
     */
    private static String unknownStepVariable(CompiledExpression e, VariableReference ref, FlowGraph graph,
            String where, boolean secret) {
        List<String> path = ref.path();
        if (ref.guarded() || path.size() < 3 || !path.get(0).equals("steps") || graph.step(path.get(1)) == null) {
            return null;
        }
        StepType type = graph.type(path.get(1)).orElse(null);
        if (type == null || type.outputs().isEmpty() || STEP_VARIABLES.contains(path.get(2))) {
            return null;
        }
        Set<String> known = new java.util.TreeSet<>(STEP_VARIABLES);
        for (String output : type.outputs().keySet()) {
            int dot = output.indexOf('.');
            known.add(dot < 0 ? output : output.substring(0, dot));
        }
        if (known.contains(path.get(2))) {
            return null;
        }
        String missing = "steps." + path.get(1) + "." + path.get(2);
        StringBuilder sb = new StringBuilder("Unknown variable '").append(ShortText.of(missing));
        if (secret) {
            sb.append("' in the expression of ").append(where).append(' ').append(SecretText.NOT_SHOWN).append('.');
        } else {
            sb.append("' in expression '").append(ShortText.of(e.source())).append("' (").append(where)
                    .append(").");
        }
        String suggestion = Suggestions.closest(path.get(2), known);
        if (suggestion != null) {
            sb.append(" Did you mean 'steps.").append(path.get(1)).append('.').append(suggestion).append("'?");
        } else {
            sb.append(" Step '").append(ShortText.of(path.get(1))).append("' (").append(type.id())
                    .append(") publishes ").append(String.join(", ", known)).append('.');
        }
        return sb.toString();
    }

    /**
     * A reference to what does not exist: an error, but a warning in a template of a flow with lenient expressions,
     * whose run keeps the expression's text as tool_dataflows did. Conditions stay strict.
     */
    private static Problem unresolvable(String alias, String where, boolean bare, References references,
            String message) {
        return bare || !references.lenient() ? problem(alias, where, message)
                : new Problem(alias, where, message, Problem.Severity.WARNING);
    }

    private static Problem problem(String alias, String where, String message) {
        return alias == null ? new Problem(null, where, message) : Problem.ofStep(alias, where, message);
    }

    private void checkStaticValue(String alias, ConfigField field, Object value, boolean secret, List<Problem> out) {
        String where = "config." + field.name();
        String invalid = "Config '" + field.label() + "' is invalid.";
        switch (field.type()) {
            case INTEGER:
                if (!isInteger(value)) {
                    out.add(Problem.ofStep(alias, where, invalid + " It must be a whole number."));
                    return;
                }
                break;
            case NUMBER:
                if (!(value instanceof Number) && !(value instanceof String
                        && io.dataflows.internal.expr.Php.parseNumeric((String) value) != null)) {
                    out.add(Problem.ofStep(alias, where, invalid + " It must be a number."));
                    return;
                }
                break;
            case BOOLEAN:
                if (!ConfigBoolean.isBoolean(value)) {
                    out.add(Problem.ofStep(alias, where, invalid + " It must be true or false."));
                    return;
                }
                break;
            case MAP:
                if (!(value instanceof Map)) {
                    out.add(Problem.ofStep(alias, where, invalid + " It must be a map."));
                    return;
                }
                break;
            case LIST:
                if (!(value instanceof List)) {
                    out.add(Problem.ofStep(alias, where, invalid + " It must be a list."));
                    return;
                }
                break;
            case STRING:
                if (value instanceof Map || value instanceof List) {
                    out.add(Problem.ofStep(alias, where, invalid + " It must be text."));
                    return;
                }
                break;
            default:
                break;
        }
        if (field.minimum().isPresent() && isBelow(value, field.minimum().get())) {
            out.add(Problem.ofStep(alias, where, invalid + " It must be at least " + field.minimum().get() + "."));
            return;
        }
        if (!field.allowedValues().isEmpty() && !field.allowedValues().contains(String.valueOf(value))) {
            out.add(Problem.ofStep(alias, where, invalid + " Allowed values: "
                    + String.join(", ", field.allowedValues()) + "."));
            return;
        }
        if (field.pathAccess().isPresent() && value instanceof String && paths != null) {
            String path = (String) value;
            if (!path.contains("://") || path.startsWith("file://")) {
                try {
                    paths.resolve(path, field.pathAccess().get());
                } catch (DataflowException e) {
                    out.add(Problem.ofStep(alias, where, secret
                            ? e.getOriginalMessage().replace(path, io.dataflows.internal.vars.Redactor.PLACEHOLDER)
                            : e.getOriginalMessage()));
                }
            }
        }
    }

    /** True when {@code value} (a number, or numeric text) is smaller than {@code minimum}. */
    private static boolean isBelow(Object value, long minimum) {
        Object n = value instanceof String ? io.dataflows.internal.expr.Php.parseNumeric(((String) value).trim())
                : value;
        if (n instanceof java.math.BigDecimal) {
            return ((java.math.BigDecimal) n).compareTo(java.math.BigDecimal.valueOf(minimum)) < 0;
        }
        if (n instanceof Double || n instanceof Float) {
            return ((Number) n).doubleValue() < minimum;
        }
        return n instanceof Number && ((Number) n).longValue() < minimum;
    }

    static boolean isInteger(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return true;
        }
        if (v instanceof Double) {
            return (Double) v == Math.rint((Double) v);
        }
        return v instanceof String && ((String) v).trim().matches("[+-]?\\d+");
    }

    private void validateVars(String alias, String where, Map<String, Object> vars, FlowGraph graph,
            SecretVariables secrets, References references, List<Problem> out) {
        String owner = alias == null ? "dataflow." : "steps." + alias + ".";
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            String path = where + "." + e.getKey();
            templates(alias, path, e.getValue(), graph, secrets.touches(owner + path), references, out);
        }
    }

    // ---- links -------------------------------------------------------------------------------------------------

    private void validateLinks(Step step, StepType type, FlowGraph graph, Set<String> fed, List<Problem> out) {
        LinkLimits limits = type.links();
        List<String> inputs = new ArrayList<>();
        graph.inputs(step.alias()).forEach(e -> inputs.add(e.from()));
        List<String> outputs = new ArrayList<>();
        graph.outputs(step.alias()).forEach(e -> outputs.add(e.to()));
        int labels = type.outputLabels(step.config()).size();
        String inputHint = type.kind() == StepKind.CONNECTOR && inputs.size() > limits.inFlow().max()
                ? " A connector runs after the whole flow block of the step it depends on, every branch and writer "
                + "included: depend on one step of the block (depends_on: " + ShortText.of(inputs.get(0))
                + "). To wait for several blocks, chain connectors, one per block." : "";
        String outputHint = type.kind().isFlow() && labels == 0 && outputs.size() > limits.outFlow().max()
                ? " To send the records to several steps, make one flow_tee depend on '"
                + ShortText.of(step.alias()) + "' and the steps on the tee." : "";
        checkLinks(step.alias(), "inputs", inputs, limits.inFlow(), limits.inConnector(), 0,
                LinkExpectations.inputs(limits), inputHint, graph, out);
        checkLinks(step.alias(), "outputs", outputs, limits.outFlow(), limits.outConnector(), labels,
                LinkExpectations.outputs(limits, labels), outputHint, graph, out);
        if (type.kind().isFlow() && type.kind() != StepKind.READER && !inputs.isEmpty()
                && inputs.stream().allMatch(i -> graph.isFlow(i).orElse(true)) && !fed.contains(step.alias())) {
            out.add(Problem.ofStep(step.alias(), "depends_on",
                    "Non reader steps must have at least one flow step dependency."));
        }
    }

    /**
     * The steps fed by a reader: readers, triggers and steps of unknown type themselves, and every step with an
     * input from a flow step (or one of unknown type) that is fed. One pass over the graph, linear in steps and
     * edges (a search upwards from every step was quadratic in the length of a chain, and recursed as deep).
     */
    static Set<String> fedByReaders(FlowGraph graph) {
        List<String> sources = new ArrayList<>();
        for (Step s : graph.steps()) {
            StepType t = graph.type(s.alias()).orElse(null);
            if (t == null || t.kind() == StepKind.READER || "triggers".equals(t.group())) {
                sources.add(s.alias());
            }
        }
        return graph.reachable(sources, alias -> graph.isFlow(alias).orElse(true));
    }

    private static void checkLinks(String alias, String direction, List<String> linked, LinkLimits.Range flows,
            LinkLimits.Range connectors, int minFlows, String expectations, String hint, FlowGraph graph,
            List<Problem> out) {
        boolean in = direction.equals("inputs");
        if (linked.isEmpty()) {
            if (Math.max(flows.min(), minFlows) > 0 || connectors.min() > 0) {
                out.add(Problem.ofStep(alias, direction, "Cannot have zero " + (in ? "input" : "output")
                        + " links. " + expectations));
            }
            return;
        }
        Boolean kind = null;
        for (String other : linked) {
            Boolean isFlow = graph.isFlow(other).orElse(null);
            if (isFlow == null) {
                continue;
            }
            if (kind == null) {
                kind = isFlow;
            } else if (!kind.equals(isFlow)) {
                out.add(Problem.ofStep(alias, direction, in
                        ? "Dependencies cannot be a mixture flow and connector steps."
                        : "Dependents cannot be a mixture flow and connector steps."));
                return;
            }
        }
        if (kind == null) {
            return;
        }
        LinkLimits.Range range = kind ? LinkLimits.Range.of(Math.max(flows.min(), minFlows),
                Math.max(flows.max(), minFlows)) : connectors;
        if (!range.contains(linked.size())) {
            out.add(Problem.ofStep(alias, direction, "Invalid number of " + (in ? "input" : "output") + " "
                    + (kind ? "flows" : "connectors") + " (Found: " + linked.size() + "). " + expectations
                    + (kind && linked.size() > range.max() ? hint : "")));
        }
    }

    /** The static value of a path field, resolved and permitted; empty when unknown before the run. */
    private Optional<Path> staticPath(StepType type, Step step, String field) {
        Object value = step.config().get(field);
        Optional<ConfigField> declared = type.configSchema().field(field);
        if (paths == null || !(value instanceof String) || ExpressionEngine.hasExpression((String) value)
                || declared.isEmpty() || declared.get().pathAccess().isEmpty()) {
            return Optional.empty();
        }
        try {
            Path path = paths.resolve((String) value, declared.get().pathAccess().get());
            return path.isAbsolute() ? Optional.of(path) : Optional.empty();
        } catch (DataflowException e) {
            return Optional.empty(); // reported with the field's value
        }
    }

    /** The {@link StepValidation} handed to step types. */
    private final class Validation implements StepValidation {
        private final Step step;
        private final List<Problem> out;
        private final java.util.function.BiConsumer<String, String> expressions;
        private final Function<String, Optional<Path>> paths;

        Validation(Step step, List<Problem> out, java.util.function.BiConsumer<String, String> expressions,
                Function<String, Optional<Path>> paths) {
            this.step = step;
            this.out = out;
            this.expressions = expressions;
            this.paths = paths;
        }

        @Override
        public Optional<Path> path(String field) {
            return paths.apply(field);
        }

        @Override
        public void checkExpression(String field, String expression) {
            expressions.accept(field, expression);
        }

        @Override
        public HostFunctions hostFunctions() {
            return hostFunctions;
        }

        @Override
        public <T> Optional<T> service(Class<T> type) {
            return Optional.ofNullable(type.cast(services.get(type)));
        }

        @Override
        public String alias() {
            return step.alias();
        }

        @Override
        public Map<String, Object> config() {
            return step.config();
        }

        @Override
        public boolean isStatic(String field) {
            Object v = step.config().get(field);
            return !(v instanceof String) || !ExpressionEngine.hasExpression((String) v);
        }

        @Override
        public void problem(String field, String message) {
            out.add(Problem.ofStep(step.alias(), field == null ? null : "config." + field, message));
        }
    }

}
