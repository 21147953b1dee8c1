package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real {@code dataflows} processes sharing one state directory (its embedded database in H2's mixed mode):
 * all of them work, and only a run lock held by another run of the same dataflow makes one exit 75.
 */
class CliConcurrencyTest {

    private static final int PROCESSES = 5;

    @TempDir
    Path dir;

    private Path state() {
        return dir.resolve("state");
    }

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private CliProcess start(String name, Path flow, String... more) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", flow.toString(), "--state-dir", state().toString()));
        args.addAll(List.of(more));
        return CliProcess.start(dir.resolve(name + ".log"), Map.of(), args);
    }

    @Test
    void fiveProcessesRunFiveDataflowsAtOnceOnANewStateDirectory() throws Exception {
        List<CliProcess> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            Path flow = file("flow" + i + ".yml", """
                    name: flow%d
                    steps:
                      count: {type: connector_set_variable, config: {field: dataflow.vars.runs, value: 1}}
                      log: {type: connector_log, depends_on: count, config: {message: done, level: info}}
                    """.formatted(i));
            processes.add(start("flow" + i, flow));
        }

        StringBuilder outputs = new StringBuilder();
        for (CliProcess p : processes) {
            assertThat(p.exitCode()).as(p.output()).isZero();
            outputs.append(p.log().getFileName()).append(":\n").append(p.output()).append('\n');
        }
        try (Database db = Database.open(state(), null, Map.of())) {
            StateStore store = StateStores.jdbc(db.dataSource());
            for (int i = 0; i < PROCESSES; i++) {
                assertThat(store.runs("flow" + i)).as(outputs.toString()).extracting(RunRecord::status)
                        .containsExactly("finalised");
                assertThat(store.loadVariables("flow" + i)).containsEntry("runs", 1L);
            }
        }
    }

    /** A non-concurrent dataflow whose step waits for {@code release}, after creating {@code started}. */
    private Path slowFlow() throws IOException {
        return file("contended.yml", """
                name: contended
                vars: {started: '%s'}
                steps:
                  slow:
                    type: test_slow
                    config: {millis: 60000, started: '${{ dataflow.vars.started }}', release: '%s'}
                """.formatted(dir.resolve("started"), dir.resolve("release")));
    }

    @Test
    void ofFiveRunsOfOneDataflowAtOnceOneRunsAndTheOthersMeetItsLock() throws Exception {
        Path flow = slowFlow();
        List<CliProcess> processes = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            processes.add(start("run" + i, flow));
        }

        // The run that got the lock waits for the release; each of the others meets the lock and ends with 75.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (processes.stream().filter(p -> !p.process().isAlive()).count() < PROCESSES - 1
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<Integer> blocked = new ArrayList<>();
        List<CliProcess> running = new ArrayList<>();
        for (CliProcess p : processes) {
            if (p.process().isAlive()) {
                running.add(p);
            } else {
                blocked.add(p.process().exitValue());
                assertThat(p.output()).contains("Dataflow 'contended' is locked by another run; nothing ran.");
            }
        }
        assertThat(dir.resolve("started")).exists();
        Files.writeString(dir.resolve("release"), "go");

        assertThat(blocked).containsExactly(75, 75, 75, 75);
        assertThat(running).hasSize(1);
        assertThat(running.get(0).exitCode()).as(running.get(0).output()).isZero();
        try (Database db = Database.open(state(), null, Map.of())) {
            // the attempts that met the lock are in the history too, as blocked runs that ran nothing
            assertThat(StateStores.jdbc(db.dataSource()).runs("contended")).extracting(RunRecord::status)
                    .containsExactlyInAnyOrder("finalised", "blocked", "blocked", "blocked", "blocked");
        }
    }

    /**
     * Starts a process whose run waits for {@code host.release}: the first process, it opens the embedded database
     * and serves it to the others. Returns when its run has started.
     */
    private CliProcess startHost() throws Exception {
        Path hostFlow = file("host.yml", """
                name: host
                steps:
                  wait: {type: test_slow, config: {millis: 60000, started: '%s', release: '%s'}}
                """.formatted(dir.resolve("host.started"), dir.resolve("host.release")));
        CliProcess host = start("host", hostFlow);
        host.awaitFile(dir.resolve("host.started"));
        return host;
    }

    @Test
    void aRunKeepsItsLockWhenTheProcessServingTheDatabaseEnds() throws Exception {
        // The first process opens the embedded database and serves it to the others while its run waits.
        CliProcess host = startHost();
        Path flow = slowFlow();
        CliProcess holder = start("holder", flow, "--var", "started=" + dir.resolve("holder.started"));
        holder.awaitFile(dir.resolve("holder.started"));

        // The serving process ends: H2 closes the database and the sessions of the other processes with it.
        Files.writeString(dir.resolve("host.release"), "go");
        assertThat(host.exitCode()).as(host.output()).isZero();
        CliProcess second = start("second", flow, "--var", "started=" + dir.resolve("second.started"));
        int secondExit = second.exitCode();
        Files.writeString(dir.resolve("release"), "go");

        assertThat(secondExit).as(second.output()).isEqualTo(75);
        assertThat(dir.resolve("second.started")).doesNotExist();
        assertThat(holder.exitCode()).as(holder.output()).isZero();
        try (Database db = Database.open(state(), null, Map.of())) {
            assertThat(StateStores.jdbc(db.dataSource()).runs("contended")).extracting(RunRecord::status)
                    .containsExactly("finalised", "blocked");
        }
    }

    @Test
    void theProcessServingTheDatabaseStaysUntilTheProcessItServesHasEndedSoThatNoneTakesItOver() throws Exception {
        CliProcess host = startHost();
        Path clientFlow = file("client.yml", """
                name: client
                steps:
                  wait: {type: test_slow, config: {millis: 60000, started: '%s', release: '%s'}}
                  after: {type: connector_set_variable, depends_on: wait, config: {field: dataflow.vars.done, value: 1}}
                """.formatted(dir.resolve("client.started"), dir.resolve("client.release")));
        // --verbose: the connection pool's log shows a connection found dead, as a hand-over leaves them
        CliProcess client = start("client", clientFlow, "--verbose");
        client.awaitFile(dir.resolve("client.started"));

        Files.writeString(dir.resolve("host.release"), "go");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!host.output().contains("Run 1 of dataflow 'host' finalised") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(1500);
        assertThat(host.process().isAlive()).as("the host, 1.5 s after its run:\n" + host.output()).isTrue();

        Files.writeString(dir.resolve("client.release"), "go");
        assertThat(client.exitCode()).as(client.output()).isZero();
        assertThat(host.exitCode()).as(host.output()).isZero();
        assertThat(client.output()).contains("Run 1 of dataflow 'client' finalised")
                .doesNotContain("connection is dead", "Connection is broken", "failed (attempt");
        try (Database db = Database.open(state(), null, Map.of())) {
            StateStore store = StateStores.jdbc(db.dataSource());
            assertThat(store.runs("client")).extracting(RunRecord::status).containsExactly("finalised");
            assertThat(store.loadVariables("client")).containsEntry("done", 1L);
        }
    }
}
