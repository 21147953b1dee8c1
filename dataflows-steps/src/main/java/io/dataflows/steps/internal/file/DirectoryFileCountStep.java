package io.dataflows.steps.internal.file;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_directory_file_count}: counts the entries of the directory {@code path} — files and
 * subdirectories, not recursively, dot files included — and publishes the count as {@code steps.<alias>.result}.
 * A missing directory counts 0. The path is checked against the permitted directories (tool_dataflows did not).
 */
public final class DirectoryFileCountStep implements ConnectorStep {

    private static final Logger log = LoggerFactory.getLogger(DirectoryFileCountStep.class);

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("path", FieldType.STRING).required().path(PathAccess.READ)
                    .describe("The directory whose entries are counted"))
            .build();

    @Override
    public String id() {
        return "connector_directory_file_count";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Directory file count";
    }

    @Override
    public String description() {
        return "Counts the entries of a directory into 'result' (0 when it does not exist).";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("result", "The number of entries (files and subdirectories) in the directory");
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        Path path = ctx.config().path("path", PathAccess.READ);
        long count = 0;
        Optional<BasicFileAttributes> attributes = ctx.files().attributes(path);
        if (attributes.isPresent()) {
            if (!attributes.get().isDirectory()) {
                throw new DataflowException("Cannot count the files of \"" + path + "\": it is not a directory"
                        + " (config 'path')");
            }
            count = ctx.files().list(path, 1).size();
        }
        log.debug("Found {} files", count);
        ctx.output("result", count);
        return Outcome.CONTINUE;
    }
}
