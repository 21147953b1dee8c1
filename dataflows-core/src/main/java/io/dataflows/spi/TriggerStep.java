package io.dataflows.spi;

import io.dataflows.TriggerSpec;
import java.util.Map;

/**
 * A step type that starts its dataflow by itself (the {@code triggers} group): a schedule, events, a webhook.
 * Implemented beside {@link ConnectorStep} or {@link ReaderStep}; the scheduler asks it what starts the dataflow.
 */
public interface TriggerStep extends StepType {

    /**
     * What starts a dataflow whose trigger is this step. Called for valid definitions only, so the config passed
     * {@link #validate}.
     *
     * @param alias the step's alias
     * @param config the config as defined, with secrets ({@code ${{ secrets.NAME }}}) resolved
     */
    TriggerSpec trigger(String alias, Map<String, Object> config);

    @Override
    default String group() {
        return "triggers";
    }
}
