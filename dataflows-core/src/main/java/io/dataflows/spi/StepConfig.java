package io.dataflows.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A step's config as the step sees it: defaults applied, expressions evaluated when a value is read (so in a flow
 * step a value may change from record to record), values converted to the field's {@link FieldType}.
 * Its {@code toString()} redacts secret fields.
 */
public interface StepConfig {

    /** True when the field is set in the definition (defaults do not count). */
    boolean has(String field);

    /** Field names set in the definition. */
    Set<String> keys();

    /**
     * The evaluated value, or the default, or null.
     *
     * @throws io.dataflows.ExpressionException when an expression in the value fails
     */
    @Nullable Object value(String field);

    /** The evaluated value as text; null when absent without default. */
    @Nullable String string(String field);

    /** The evaluated value as text; empty when absent or empty. */
    Optional<String> optionalString(String field);

    /**
     * The evaluated value as a boolean: {@code true}, {@code 1}, {@code 'true'}, {@code '1'}, {@code 'yes'},
     * {@code 'on'} are true; {@code false}, {@code 0}, null, {@code ''}, {@code 'false'}, {@code '0'}, {@code 'no'},
     * {@code 'off'} are false (text in any case, blanks around it ignored) — the values validation accepts for a
     * {@link FieldType#BOOLEAN} field.
     *
     * @throws io.dataflows.DataflowException when the value (from a template) is none of them
     */
    boolean bool(String field);

    /**
     * The evaluated value as a long.
     *
     * @throws io.dataflows.DataflowException {@code Config '<label>' is invalid.} when it is not an integer
     */
    long integer(String field);

    /** The evaluated value as a map (string leaves of template fields evaluated); empty when absent. */
    Map<String, Object> map(String field);

    /** The value as a list (lists are not evaluated); empty when absent. */
    List<Object> list(String field);

    /** The value as defined, not evaluated (secret values included). */
    @Nullable Object raw(String field);

    /** The compiled expression of an {@link Evaluation#EXPRESSION} field; null when absent. */
    @Nullable Expression expression(String field);

    /** The compiled expressions of an {@link Evaluation#EXPRESSION_MAP} field, in config order. */
    Map<String, Expression> expressions(String field);

    /** The compiled template of a field. */
    Template template(String field);

    /** The compiled templates of an {@link Evaluation#TEMPLATE_MAP} field, in config order. */
    Map<String, Template> templates(String field);

    /**
     * The evaluated value resolved as a path and checked ({@link StepContext#resolvePath}).
     *
     * @throws io.dataflows.DataflowException naming the field when the path is not permitted
     */
    Path path(String field, PathAccess access);
}
