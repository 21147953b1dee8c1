package io.dataflows.scheduler;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Test writer {@code test_file_sink}: appends {@code "<record id> <run id>"} per record to the file {@code file},
 * one short append per line, so that processes sharing the file never interleave within a line.
 */
final class FileSink implements FlowStep {

    static final String ID = "test_file_sink";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("file", FieldType.STRING).required().describe("the file appended to"))
            .build();

    @Override
    public String id() {
        return ID;
    }

    @Override
    public StepKind kind() {
        return StepKind.WRITER;
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public RecordProcessor open(StepContext context) {
        Path file = Path.of(context.config().string("file"));
        return (record, out) -> {
            Files.writeString(file, record.get("id") + " " + context.runId() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            out.emit(record);
        };
    }
}
