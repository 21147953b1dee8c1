package io.dataflows.sftp.internal;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.util.List;
import java.util.Map;

/**
 * {@code reader_sftp_directory_file_list}: lists a remote directory (see {@link SftpDirectoryFileList}) and emits one
 * record {@code {filename: <entry>}} per listed entry, in list order. The session is closed before the first record
 * goes downstream. Only reads.
 */
public final class SftpDirectoryFileListReader implements ReaderStep {

    @Override
    public String id() {
        return "reader_sftp_directory_file_list";
    }

    @Override
    public StepKind kind() {
        return StepKind.READER;
    }

    @Override
    public String group() {
        return "readers";
    }

    @Override
    public String displayName() {
        return "SFTP directory file list reader";
    }

    @Override
    public String description() {
        return "Emits one record {filename} per file of a directory on an SFTP server matching a pattern.";
    }

    @Override
    public ConfigSchema configSchema() {
        return SftpDirectoryFileList.CONFIG;
    }

    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return RecordShape.of("filename");
    }

    @Override
    public void validate(StepValidation validation) {
        SftpDirectoryFileList.validate(validation);
    }

    @Override
    public void read(StepContext ctx, Emitter out) throws Exception {
        List<String> names;
        try (StepSession session = new StepSession(ctx)) {
            names = SftpDirectoryFileList.list(ctx, session.connection());
        }
        for (String name : names) {
            out.emit(DataRecord.of("filename", name));
        }
    }
}
