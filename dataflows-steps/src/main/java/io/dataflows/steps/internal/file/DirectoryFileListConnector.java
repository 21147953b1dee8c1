package io.dataflows.steps.internal.file;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.ArrayList;
import java.util.Map;

/**
 * {@code connector_directory_file_list}: lists a directory (see {@link DirectoryFileList}) and publishes the list as
 * {@code steps.<alias>.vars.filenames}. Only reads.
 */
public final class DirectoryFileListConnector implements ConnectorStep {

    @Override
    public String id() {
        return "connector_directory_file_list";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "Directory file list";
    }

    @Override
    public String description() {
        return "Lists the files of a directory matching a pattern into vars.filenames.";
    }

    @Override
    public ConfigSchema configSchema() {
        return DirectoryFileList.CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("vars.filenames", "The listed files (base names, relative or absolute paths)");
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        ctx.output("vars.filenames", new ArrayList<Object>(DirectoryFileList.list(ctx)));
        return Outcome.CONTINUE;
    }
}
