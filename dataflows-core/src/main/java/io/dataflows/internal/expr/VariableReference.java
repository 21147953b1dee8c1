package io.dataflows.internal.expr;

import java.util.List;

/**
 * A variable an expression reads, as far as its path is known before evaluation: {@code dataflow.vars.db.host} is
 * {@code [dataflow, vars, db, host]}; {@code dataflow.vars[record.key]} stops at {@code [dataflow, vars]}.
 *
 * @param path the segments from the root name on; index segments as their text ({@code list[0]} gives {@code 0})
 * @param guarded true when a missing value is no error: inside {@code isset()}, left of {@code ??}, or before
 *     {@code ?.}
 */
public record VariableReference(List<String> path, boolean guarded) {

    public VariableReference {
        path = List.copyOf(path);
    }
}
