package io.dataflows.steps.internal.connector;

import io.dataflows.spi.StepConfig;
import io.dataflows.spi.Template;
import io.dataflows.spi.Values;

/**
 * A config value prepared once per run: a compiled template when the value holds an expression (evaluated on every
 * {@link #get}), otherwise the value itself.
 */
final class ConfigValue {

    private final Template template;
    private final Object constant;

    private ConfigValue(Template template, Object constant) {
        this.template = template;
        this.constant = constant;
    }

    static ConfigValue of(StepConfig config, String field) {
        Object raw = config.raw(field);
        if (raw instanceof String && ((String) raw).contains("${{")) {
            return new ConfigValue(config.template(field), null);
        }
        return new ConfigValue(null, config.value(field));
    }

    /** The typed value: a template that is exactly one expression keeps its type. */
    Object get() {
        return template != null ? template.evaluate() : constant;
    }

    /** The value as text. */
    String text() {
        return template != null ? template.evaluateToText() : Values.text(constant);
    }
}
