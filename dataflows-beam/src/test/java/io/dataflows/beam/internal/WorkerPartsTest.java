package io.dataflows.beam.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.Definitions;
import io.dataflows.EngineSetup;
import io.dataflows.StepRegistry;
import io.dataflows.spi.ReadSplit;
import io.dataflows.steps.Steps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker finds the parts of a splittable reader's file and reads each with the real reader. */
class WorkerPartsTest {

    @TempDir
    Path dir;

    private Worker worker(Dataflow flow) {
        return new Worker(new WorkerSpec(Definitions.toJson(flow, StepRegistry.discover()), "run-1", false, Map.of(),
                dir.toString(), List.of(), EngineSetup.none(), Map.of()));
    }

    @Test
    void aCsvFileIsReadInPartsThatTogetherGiveEveryRow() throws Exception {
        StringBuilder csv = new StringBuilder("id,text\n");
        for (int i = 1; i <= 300; i++) {
            csv.append(i).append(",\"line one,\nline two\"\n");
        }
        Files.writeString(dir.resolve("in.csv"), csv.toString());
        Worker worker = worker(Dataflow.builder("parts").start("read", Steps.csvReader("in.csv")).build());
        assertThat(worker.isSplittable("read")).isTrue();

        List<ReadSplit> parts = worker.split("read", 1000);

        assertThat(parts).hasSize(8);
        assertThat(parts.get(0)).isEqualTo(new ReadSplit(8, 1031, 2)); // rows 1 to 43, two lines each
        assertThat(parts.get(1).start()).isEqualTo(1031);
        assertThat(parts.get(1).firstLine()).isEqualTo(88);
        List<DataRecord> records = new ArrayList<>();
        long counted = 0;
        for (ReadSplit part : parts) {
            counted += worker.readSplit("read", part, records::add).step("read").recordsOut();
        }
        assertThat(counted).isEqualTo(300);
        assertThat(records).hasSize(300).startsWith(DataRecord.of("id", "1", "text", "line one,\nline two"));
        assertThat(records.get(299).get("id")).isEqualTo("300");
    }

    @Test
    void otherReadersAreNotSplittable() {
        Worker worker = worker(Dataflow.builder("array").start("read", Steps.jsonReader("in.json")).build());
        assertThat(worker.isSplittable("read")).isFalse();
    }
}
