package io.dataflows.steps.internal.writer;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.JsonText;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@code writer_debugging}: prints every record as one line of compact JSON to the run's output
 * ({@link StepContext#out()}: standard output for the command line) and passes it on.
 */
public final class DebugWriterStep implements FlowStep {

    @Override
    public String id() {
        return "writer_debugging";
    }

    @Override
    public StepKind kind() {
        return StepKind.WRITER;
    }

    @Override
    public String group() {
        return "writers";
    }

    @Override
    public String displayName() {
        return "Debugging writer";
    }

    @Override
    public String description() {
        return "Prints each record as one line of JSON to the run's output and passes it on.";
    }

    /** Cannot run distributed: prints to the run's output, which workers running apart do not have. */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.of("it prints to the run's output, which workers running apart do not have");
    }

    @Override
    public ConfigSchema configSchema() {
        return ConfigSchema.empty();
    }

    /** Passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        PrintStream stdout = ctx.out();
        return (record, out) -> {
            stdout.println(JsonText.compact(record));
            out.emit(record);
        };
    }
}
