package io.dataflows.spi;

import io.dataflows.TriggerSpec;
import java.time.ZoneId;
import java.util.Map;

/**
 * A step type that starts its dataflow by itself (the {@code triggers} group): a schedule, events, a webhook.
 * Implemented beside {@link ConnectorStep} or {@link ReaderStep}; the scheduler asks it what starts the dataflow
 * ({@code DataflowEngine.trigger}). A trigger starts its dataflow, so it depends on no step: {@link #links()}
 * allows no inputs.
 */
public interface TriggerStep extends StepType {

    /**
     * What starts a dataflow whose trigger is this step. Called for valid definitions only, so the config passed
     * {@link #validate}; values that held expressions did not, and may be anything.
     *
     * @param alias the step's alias
     * @param config the config as defined, with the {@code ${{ }}} values evaluated before any run: they may read
     *     {@code secrets.*} (resolved: the real values, to be kept out of logs), {@code global.vars},
     *     {@code dataflow.name}, {@code dataflow.vars} and {@code env}
     * @param zone the zone of the engine's clock ({@code DataflowEngine.Builder.clock}): the zone of a schedule
     *     that names none
     * @throws IllegalArgumentException when a value is invalid (one an expression gave), with a message that says
     *     which and why without quoting a secret
     */
    TriggerSpec trigger(String alias, Map<String, Object> config, ZoneId zone);

    /** No inputs; the outputs of the step's {@link #kind()}. */
    @Override
    default LinkLimits links() {
        LinkLimits kind = LinkLimits.defaults(kind());
        return new LinkLimits(LinkLimits.Range.of(0, 0), LinkLimits.Range.of(0, 0), kind.outFlow(),
                kind.outConnector());
    }

    @Override
    default String group() {
        return "triggers";
    }
}
