package io.dataflows.steps.internal.connector;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Expression;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.Variables;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * {@code connector_find}: finds the first item of {@code collection} (an expression yielding a list; a map's values
 * count as its items) for which {@code condition} is true, and publishes it as {@code steps.<alias>.match} (an empty
 * map when none matches).
 *
 * <p>While testing an item, the condition sees it as {@code item} ({@code steps.<alias>.item}, any value) and, when
 * the item is a map, also as {@code record} ({@code steps.<alias>.record}) — tool_dataflows used {@code record}
 * while its help text said {@code item}; both work.
 */
public final class FindStep implements ConnectorStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("collection", FieldType.ANY).required().expression()
                    .describe("An expression yielding the list to search, e.g. dataflow.vars.users"))
            .field(ConfigField.of("condition", FieldType.STRING).required().expression()
                    .describe("The condition an item must meet, using item (or record), e.g. item.id == 5"))
            .build();

    @Override
    public String id() {
        return "connector_find";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Find";
    }

    @Override
    public String description() {
        return "Publishes the first item of a list that meets a condition as 'match'.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("match", "The first item that met the condition; an empty map when none did",
                "item", "The item being tested (the last one tested, after the run)",
                "record", "The item being tested, when it is a map");
    }

    @Override
    public Outcome run(StepContext ctx) {
        Object collection = ctx.config().expression("collection").evaluate();
        Collection<?> items = items(collection, ctx.config().raw("collection"));
        Expression condition = ctx.config().expression("condition");
        Variables variables = ctx.variables();
        String recordPath = "steps." + ctx.stepAlias() + ".record";
        for (Object item : items) {
            variables.set(recordPath, item instanceof Map ? item : null);
            ctx.output("item", item);
            if (condition.test()) {
                ctx.output("match", item);
                return Outcome.CONTINUE;
            }
        }
        ctx.output("match", Map.of());
        return Outcome.CONTINUE;
    }

    private static Collection<?> items(Object collection, Object source) {
        if (collection instanceof List) {
            return (List<?>) collection;
        }
        if (collection instanceof Map) {
            return ((Map<?, ?>) collection).values();
        }
        if (collection == null) {
            return List.of();
        }
        throw new DataflowException("Config 'collection' is invalid. '" + source + "' must yield a list, not "
                + (collection instanceof String ? "the text '" + collection + "'" : collection) + ".");
    }
}
