package io.dataflows.testkit;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;

/** A reader that emits nothing, for registry tests that need more than one reader class. */
public class ArraySourceLike implements ReaderStep {

    @Override
    public String id() {
        return "test_empty_source";
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    @Override
    public void read(StepContext context, Emitter out) {}
}
