package io.dataflows.sftp.internal;

import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.util.ArrayList;
import java.util.Map;

/**
 * {@code connector_sftp_directory_file_list}: lists a remote directory (see {@link SftpDirectoryFileList}) and
 * publishes the list as {@code steps.<alias>.vars.filenames}. Only reads.
 */
public final class SftpDirectoryFileListConnector implements ConnectorStep {

    @Override
    public String id() {
        return "connector_sftp_directory_file_list";
    }

    @Override
    public StepKind kind() {
        return StepKind.CONNECTOR;
    }

    @Override
    public String displayName() {
        return "SFTP directory file list";
    }

    @Override
    public String description() {
        return "Lists the files of a directory on an SFTP server matching a pattern into vars.filenames.";
    }

    @Override
    public ConfigSchema configSchema() {
        return SftpDirectoryFileList.CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return Map.of("vars.filenames", "The listed files (base names or remote paths)");
    }

    @Override
    public void validate(StepValidation validation) {
        SftpDirectoryFileList.validate(validation);
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        try (StepSession session = new StepSession(ctx)) {
            ctx.output("vars.filenames", new ArrayList<Object>(SftpDirectoryFileList.list(ctx, session.connection())));
        }
        return Outcome.CONTINUE;
    }
}
