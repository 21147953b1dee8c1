package io.dataflows.internal.validate;

import io.dataflows.Step;
import io.dataflows.internal.expr.CompiledExpression;
import io.dataflows.internal.expr.VariableReference;
import io.dataflows.internal.graph.FlowGraph;
import io.dataflows.internal.util.ShortText;
import io.dataflows.internal.vars.SecretText;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What validation can tell about {@code record.x} before a run: the fields the records reaching each step may have,
 * followed from the readers along the flow links with {@link StepType#recordShape}, and a reference to a field that
 * the records provably lack. A step's config and vars read the record it receives; a reader's vars read the record
 * it emits. Where any step upstream does not know its fields (a CSV file's own header line, an SQL query, a Java
 * lambda) nothing is checked, nor in a graph with a cycle; references that tolerate a missing value
 * ({@code isset()}, {@code ??}, {@code ?.}) are never reported.
 */
final class RecordFieldsCheck {

    private static final Logger log = LoggerFactory.getLogger(RecordFieldsCheck.class);

    /** Fields named in a message when there is no close one to suggest. */
    private static final int LISTED = 20;

    private final FlowGraph graph;
    /** The shape of the records each flow step emits; absent: unknown. */
    private final Map<String, RecordShape> emitted = new HashMap<>();
    /** The shape of the records each flow step receives; absent: unknown. */
    private final Map<String, RecordShape> received = new HashMap<>();

    /** {@code acyclic}: whether the graph has no cycle; with one, nothing is checked. */
    RecordFieldsCheck(FlowGraph graph, boolean acyclic) {
        this.graph = graph;
        if (acyclic) {
            for (String alias : graph.topologicalOrder()) {
                StepType type = graph.type(alias).orElse(null);
                if (type != null && type.kind().isFlow()) {
                    RecordShape in = received(alias);
                    received.put(alias, in);
                    emitted.put(alias, shape(type, graph.step(alias), in));
                }
            }
        }
    }

    /** A step type's shape; a type that fails to tell is taken as not knowing. */
    private static RecordShape shape(StepType type, Step step, RecordShape input) {
        try {
            RecordShape s = type.recordShape(step.config(), input);
            return s == null ? RecordShape.unknown() : s;
        } catch (RuntimeException e) {
            log.debug("Step type '{}' could not tell the fields of step '{}'", type.id(), step.alias(), e);
            return RecordShape.unknown();
        }
    }

    /**
     * The shape of the records a step receives: of any of its flow inputs; unknown for readers, connectors, a step
     * with no flow input and when an input's is unknown.
     */
    private RecordShape received(String alias) {
        StepType type = graph.type(alias).orElse(null);
        if (type == null || !type.kind().isFlow() || type.kind() == StepKind.READER) {
            return RecordShape.unknown();
        }
        RecordShape shape = null;
        for (FlowGraph.Edge e : graph.inputs(alias)) {
            if (!graph.isFlow(e.from()).orElse(true)) {
                continue; // a connector it waits for sends no records
            }
            RecordShape from = emitted.getOrDefault(e.from(), RecordShape.unknown());
            shape = shape == null ? from : shape.or(from);
        }
        return shape == null ? RecordShape.unknown() : shape;
    }

    /**
     * The shape of the record an expression of step {@code alias} at {@code where} ({@code config.x} or
     * {@code vars.x}) reads.
     */
    private RecordShape readBy(String alias, String where) {
        if (alias == null || emitted.isEmpty()) {
            return RecordShape.unknown();
        }
        StepType type = graph.type(alias).orElse(null);
        if (type == null || !type.kind().isFlow()) {
            return RecordShape.unknown();
        }
        if (type.kind() == StepKind.READER) {
            // A reader's config is read before any record; its vars after each record it emits.
            return where.startsWith("vars.") ? emitted.getOrDefault(alias, RecordShape.unknown())
                    : RecordShape.unknown();
        }
        return received.getOrDefault(alias, RecordShape.unknown());
    }

    /**
     * The problem of an unguarded reference to a field the record cannot have, or null; for a {@code secret}
     * expression it names the field but not the text, which may hold the secret.
     */
    String unknownField(CompiledExpression expression, VariableReference ref, String alias, String where,
            boolean secret) {
        List<String> path = ref.path();
        if (ref.guarded() || path.size() < 2 || !path.get(0).equals("record")) {
            return null;
        }
        RecordShape shape = readBy(alias, where);
        String field = path.get(1);
        if (shape.mayHave(field)) {
            return null;
        }
        Set<String> known = shape.fields().orElseThrow();
        StringBuilder sb = new StringBuilder("Unknown record field 'record.").append(ShortText.of(field));
        if (secret) {
            sb.append("' in the expression of ").append(where).append(' ').append(SecretText.NOT_SHOWN).append('.');
        } else {
            sb.append("' in expression '").append(ShortText.of(expression.source())).append("' (").append(where)
                    .append(").");
        }
        String suggestion = Suggestions.closest(field, known);
        if (suggestion != null) {
            sb.append(" Did you mean 'record.").append(suggestion).append("'?");
        } else {
            boolean reader = graph.type(alias).map(t -> t.kind() == StepKind.READER).orElse(false);
            sb.append(" The records step '").append(ShortText.of(alias)).append(reader ? "' emits" : "' receives");
            if (known.isEmpty()) {
                sb.append(" have no fields.");
            } else {
                sb.append(" have ").append(String.join(", ", known.stream().limit(LISTED).map(ShortText::of)
                        .toList())).append(known.size() > LISTED ? ", ..." : "").append('.');
            }
        }
        return sb.toString();
    }
}
