package io.dataflows.steps.internal.file;

import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code connector_debug_file_display}: prints the whole file {@code streamname} to the run's output
 * ({@link StepContext#out()}: standard output for the command line), bytes as they are, followed by a line break
 * when the file does not end with one. A missing file fails the step.
 */
public final class DebugFileDisplayStep implements ConnectorStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("streamname", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The file to print"))
            .build();

    @Override
    public String id() {
        return "connector_debug_file_display";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "File contents display";
    }

    @Override
    public String description() {
        return "Prints the content of a file to the run's output.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        Path path = FileSteps.requireReadableFile(ctx, ctx.config().path("streamname", PathAccess.READ),
                "streamname");
        PrintStream out = ctx.out();
        byte[] buffer = new byte[64 * 1024];
        int last = '\n';
        try (InputStream in = FileSteps.open(ctx, path, "streamname")) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                out.write(buffer, 0, n);
                if (n > 0) {
                    last = buffer[n - 1];
                }
            }
        }
        if (last != '\n') {
            out.println();
        }
        out.flush();
        return Outcome.CONTINUE;
    }
}
