package io.dataflows.spi;

import io.dataflows.DataRecord;
import org.jspecify.annotations.Nullable;

/**
 * Base for a capability that exists both as a connector (run once) and as a flow step (run per record), such as
 * logging or copying a file: one implementation, registered under both ids.
 *
 * <pre>{@code
 * public class LogStep extends ActionStep {
 *     protected LogStep(StepKind kind) { super(kind); }
 *     public String id() { return kind() == StepKind.CONNECTOR ? "connector_log" : "flow_log"; }
 *     protected DataRecord perform(StepContext ctx, DataRecord input) { ...; return input; }
 *     public static final class Connector extends LogStep { public Connector() { super(StepKind.CONNECTOR); } }
 *     public static final class Flow extends LogStep { public Flow() { super(StepKind.FLOW); } }
 * }
 * }</pre>
 * Both nested classes go in {@code META-INF/services/io.dataflows.spi.StepType}.
 */
public abstract class ActionStep implements ConnectorStep, FlowStep {

    private final StepKind kind;

    /**
     * @param kind {@link StepKind#CONNECTOR}, {@link StepKind#FLOW} or {@link StepKind#WRITER}
     */
    protected ActionStep(StepKind kind) {
        if (kind == StepKind.READER) {
            throw new IllegalArgumentException("an action step is a connector or a flow step, not a reader");
        }
        this.kind = kind;
    }

    @Override
    public final StepKind kind() {
        return kind;
    }

    @Override
    public LinkLimits links() {
        return kind == StepKind.CONNECTOR ? LinkLimits.defaults(StepKind.CONNECTOR) : LinkLimits.flowAction();
    }

    /**
     * Performs the action: once per run for the connector form ({@code input} is the empty record), once per record
     * for the flow form ({@code input} is the record, also {@code ctx.record()}).
     *
     * @return the record to pass downstream (flow form; usually {@code input}), or null to drop it; ignored for the
     *     connector form
     */
    protected abstract @Nullable DataRecord perform(StepContext ctx, DataRecord input) throws Exception;

    /**
     * The connector form's outcome after {@link #perform}; override to cancel. Default: continue.
     */
    protected Outcome outcome(StepContext ctx) {
        return Outcome.CONTINUE;
    }

    @Override
    public final Outcome run(StepContext context) throws Exception {
        perform(context, DataRecord.empty());
        return outcome(context);
    }

    @Override
    public RecordProcessor open(StepContext context) throws Exception {
        return (record, out) -> {
            DataRecord result = perform(context, record);
            if (result != null) {
                out.emit(result);
            }
        };
    }
}
