package io.dataflows.internal.engine;

import io.dataflows.Dataflow;
import io.dataflows.ExpressionException;
import io.dataflows.Step;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.internal.util.JsonValues;
import io.dataflows.internal.vars.Redactor;
import io.dataflows.internal.vars.SecretText;
import io.dataflows.internal.vars.VarMap;
import io.dataflows.internal.vars.VarTree;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.StepType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The config of a trigger step as the scheduler reads it, before any run: {@code ${{ }}} values are evaluated
 * against what exists then — {@code secrets.*}, {@code global.vars}, {@code dataflow.name}, {@code dataflow.vars}
 * (as defined, then as persisted) and {@code env}. Names of a run or of steps do not exist yet, and fail.
 */
public final class TriggerConfig {

    private TriggerConfig() {}

    /**
     * The step's config with its expressions evaluated.
     *
     * @throws ExpressionException naming the step and field when an expression cannot be evaluated; without the
     *     expression's text for a secret field
     */
    public static Map<String, Object> resolve(EngineSettings settings, Dataflow flow, Step step, StepType type) {
        Map<String, Object> out = new LinkedHashMap<>();
        VarTree tree = null;
        for (Map.Entry<String, Object> e : step.config().entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String) || !ExpressionEngine.hasExpression((String) v)) {
                out.put(e.getKey(), v);
                continue;
            }
            if (tree == null) {
                tree = tree(settings, flow);
            }
            try {
                out.put(e.getKey(), settings.expressions().template((String) v).evaluate(tree.rootsOnlyScope()));
            } catch (ExpressionException x) {
                ExpressionException located = x.in(step.alias(), "config." + e.getKey());
                boolean secret = type.configSchema().field(e.getKey()).map(ConfigField::isSecret).orElse(false);
                throw secret ? SecretText.hidden("the secret value", located) : located;
            }
        }
        return out;
    }

    private static VarTree tree(EngineSettings settings, Dataflow flow) {
        VarTree tree = new VarTree(settings.expressions(), settings.clock(), settings.secrets(), new Redactor());
        tree.locale(settings.locale());
        tree.globalCfg(settings.globalCfg());
        tree.global().put("vars", tree.definition("global.vars", settings.globalVars(), tree.globalScope()));
        VarMap df = tree.dataflow();
        df.put("id", DataflowIds.of(flow));
        df.put("name", flow.name());
        VarMap vars = (VarMap) tree.definition("dataflow.vars", new LinkedHashMap<>(flow.vars()),
                tree.dataflowScope());
        for (Map.Entry<String, Object> e : settings.store().loadVariables(flow.name()).entrySet()) {
            vars.put(e.getKey(), JsonValues.frozenCopy(e.getValue())); // persisted values, never expressions
        }
        df.put("vars", vars);
        tree.env().putAll(settings.env());
        return tree;
    }
}
