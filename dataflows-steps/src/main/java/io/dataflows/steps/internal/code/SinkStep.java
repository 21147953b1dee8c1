package io.dataflows.steps.internal.code;

import io.dataflows.DataRecord;
import io.dataflows.Effect;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * {@code java_sink}: hands each record to a consumer given in code; it ends a stream like a writer. What a consumer
 * does is unknown to the engine, so a dry run does not call it and reports one effect instead, unless the sink only
 * collects records in memory for the caller.
 */
public final class SinkStep implements FlowStep {

    private final Consumer<? super DataRecord> consumer;
    private final boolean inDryRun;

    /** @param inDryRun whether a dry run calls the consumer too (a consumer without effects, such as a collector) */
    public SinkStep(Consumer<? super DataRecord> consumer, boolean inDryRun) {
        this.consumer = Objects.requireNonNull(consumer, "consumer");
        this.inDryRun = inDryRun;
    }

    @Override
    public String id() {
        return "java_sink";
    }

    @Override
    public StepKind kind() {
        return StepKind.WRITER;
    }

    @Override
    public String displayName() {
        return "Java sink";
    }

    @Override
    public String description() {
        return "Hands each record to a Java consumer given in code.";
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public RecordProcessor open(StepContext context) {
        if (inDryRun || !context.isDryRun()) {
            return (record, out) -> consumer.accept(record);
        }
        boolean[] reported = {false};
        return (record, out) -> {
            if (!reported[0]) {
                reported[0] = true;
                context.effects().perform(Effect.Kind.OTHER, "pass the records to a Java consumer", () -> { });
            }
        };
    }
}
