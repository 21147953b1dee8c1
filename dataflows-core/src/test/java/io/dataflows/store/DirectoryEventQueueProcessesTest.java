package io.dataflows.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.StateStore;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory store's event queue shared by separate processes: each event is claimed by exactly one. */
class DirectoryEventQueueProcessesTest {

    @TempDir
    Path dir;

    @Test
    void processesClaimingAtOnceClaimEachEventExactlyOnce() throws Exception {
        Path state = dir.resolve("state");
        StateStore store = StateStores.directory(state);
        Set<Long> published = new HashSet<>();
        for (int i = 0; i < 150; i++) {
            published.add(store.enqueueEvent("flow", "e", "{\"n\":" + i + "}", Instant.EPOCH));
        }
        Path go = dir.resolve("go");
        List<Process> processes = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        List<Path> ready = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            outputs.add(dir.resolve("claimed-" + p));
            ready.add(dir.resolve("ready-" + p));
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), EventClaimer.class.getName(), state.toString(),
                    outputs.get(p).toString(), ready.get(p).toString(), go.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log-" + p).toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!ready.stream().allMatch(Files::exists) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Files.createFile(go);
            List<Long> claimed = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                assertThat(processes.get(p).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(processes.get(p).exitValue()).as(Files.readString(dir.resolve("log-" + p))).isZero();
                for (String line : Files.readAllLines(outputs.get(p))) {
                    claimed.add(Long.parseLong(line));
                }
            }
            assertThat(claimed).hasSize(published.size()).doesNotHaveDuplicates();
            assertThat(new HashSet<>(claimed)).isEqualTo(published);
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }
}
