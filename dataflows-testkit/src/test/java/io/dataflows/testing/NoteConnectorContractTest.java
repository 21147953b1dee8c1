package io.dataflows.testing;

import io.dataflows.spi.StepType;
import java.util.Map;
import java.util.Optional;

/** The harness's test connector keeps the step type contract: its write is skipped in a dry run, its token hidden. */
class NoteConnectorContractTest extends StepTypeContract {

    @Override
    protected StepType stepType() {
        return new NoteConnector();
    }

    @Override
    protected Optional<Map<String, Object>> sampleConfig() {
        return Optional.of(Map.of("path", "note.txt", "text", "hello"));
    }
}
