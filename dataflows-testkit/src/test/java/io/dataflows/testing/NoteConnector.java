package io.dataflows.testing;

import io.dataflows.Effect;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A connector for the harness's tests: writes {@code text} to the file {@code path} through
 * {@code ctx.effects()} (so a dry run skips it), prints what it did, and keeps a secret {@code token} it never shows.
 */
final class NoteConnector implements ConnectorStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("path", FieldType.STRING).required().path(PathAccess.WRITE)
                    .describe("File to write"))
            .field(ConfigField.of("text", FieldType.STRING).required().describe("Text to write"))
            .field(ConfigField.of("token", FieldType.STRING).secret().describe("Credential of the note service"))
            .build();

    @Override
    public String id() {
        return "acme_note";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Note";
    }

    @Override
    public String description() {
        return "Writes a note to a file.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return true;
    }

    @Override
    public Outcome run(StepContext context) throws Exception {
        Path target = context.config().path("path", PathAccess.WRITE);
        String text = context.config().string("text");
        context.effects().perform(Effect.Kind.WRITE, target, "write " + target,
                () -> Files.writeString(target, text, StandardCharsets.UTF_8));
        context.out().println(context.redact("wrote note with token "
                + context.config().optionalString("token").orElse("none")));
        context.output("vars.written", target.getFileName().toString());
        return Outcome.CONTINUE;
    }
}
