package io.dataflows.steps.internal.file;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.ReaderStep;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.util.Map;
import java.util.Optional;

/**
 * {@code reader_directory_file_list}: lists a directory (see {@link DirectoryFileList}) and emits one record
 * {@code {filename: <entry>}} per listed entry, in list order. Only reads.
 */
public final class DirectoryFileListReader implements ReaderStep {

    @Override
    public String id() {
        return "reader_directory_file_list";
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
        return "Directory file list reader";
    }

    @Override
    public String description() {
        return "Emits one record {filename} per file of a directory matching a pattern.";
    }

    /**
     * Lists on one worker, from its config, and keeps no run-wide state: it may run distributed. The list (its sort,
     * offset and limit included) is made whole there, so its records are those of a local run.
     */
    @Override
    public Optional<String> distributionBlocker(Map<String, Object> config) {
        return Optional.empty();
    }

    @Override
    public ConfigSchema configSchema() {
        return DirectoryFileList.CONFIG;
    }

    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return RecordShape.of("filename");
    }

    @Override
    public void read(StepContext ctx, Emitter out) throws Exception {
        for (String name : DirectoryFileList.list(ctx)) {
            out.emit(DataRecord.of("filename", name));
        }
    }
}
