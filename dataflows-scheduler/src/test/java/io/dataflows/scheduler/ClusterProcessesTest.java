package io.dataflows.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedulers in separate JVMs ({@link ClusterNode}) sharing one PostgreSQL database — the JDBC state store and the
 * clustered timer: each cron firing runs once, each event is consumed once, and events left by a process killed with
 * {@code kill -9} are all processed by the next scheduler.
 */
class ClusterProcessesTest {

    /** Nodes are JVMs of their own, starting on a machine the other tests keep busy: they get longer. */
    private static final long NODES_LIMIT_MILLIS = 120_000;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        killAll();
    }

    /** Kills the nodes still running and waits for them, before their database goes. */
    private void killAll() throws InterruptedException {
        for (Process p : processes) {
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process node(TestDatabase db, String mode, Path out, String... more) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), ClusterNode.class.getName(), mode, db.url(),
                db.user(), db.password(), out.toString()));
        command.addAll(List.of(more));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of(out + ".log").toFile()).start();
        processes.add(p);
        return p;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Closes the node's standard input, which closes its scheduler, and waits for it to exit. */
    private static void stop(Process p, Path out) throws Exception {
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the node did not stop: " + String.join("\n", lines(Path.of(out + ".log"))));
        }
        assertThat(p.exitValue()).as(String.join("\n", lines(Path.of(out + ".log")))).isZero();
    }

    /** What the nodes writing to {@code outs} did so far: their lines and their logs. */
    private static String diagnosis(Path... outs) {
        StringBuilder sb = new StringBuilder();
        for (Path out : outs) {
            sb.append("\n--- ").append(out.getFileName()).append(": ").append(lines(out))
                    .append("\n").append(String.join("\n", lines(Path.of(out + ".log"))));
        }
        return sb.toString();
    }

    private static void alive(Process p, Path out) {
        if (!p.isAlive()) {
            throw new AssertionError("the node died: " + String.join("\n", lines(Path.of(out + ".log"))));
        }
    }

    @Test
    @Timeout(180)
    void eachCronFiringRunsInExactlyOneOfTwoProcesses() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            try {
                cron(db);
            } finally {
                killAll();
            }
        }
    }

    private void cron(TestDatabase db) throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Process pa = node(db, "cron", a);
        Process pb = node(db, "cron", b);

        Eventually.until("ten firings ran", NODES_LIMIT_MILLIS, () -> diagnosis(a, b), () -> {
            alive(pa, a);
            alive(pb, b);
            return lines(a).size() + lines(b).size() >= 10;
        });
        stop(pa, a);
        stop(pb, b);

        List<String> all = new ArrayList<>(lines(a));
        all.addAll(lines(b));
        List<String> due = all.stream().map(l -> l.split(" ")[0]).toList();
        List<String> runIds = all.stream().map(l -> l.split(" ")[1]).toList();
        assertThat(due).hasSizeGreaterThanOrEqualTo(10).doesNotHaveDuplicates()
                .allSatisfy(t -> assertThat(t).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z"));
        assertThat(runIds).doesNotHaveDuplicates();
        assertThat(StateStores.jdbc(db.dataSource()).runs("tick")).hasSize(all.size())
                .allSatisfy(r -> assertThat(r.status()).isEqualTo("finalised"));
    }

    @Test
    @Timeout(180)
    void eachEventIsConsumedInExactlyOneOfTwoProcesses() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            try {
                events(db);
            } finally {
                killAll();
            }
        }
    }

    private void events(TestDatabase db) throws Exception {
        Path a = dir.resolve("a.txt");
        Path b = dir.resolve("b.txt");
        Process pa = node(db, "events", a, "25");
        Process pb = node(db, "events", b, "25");

        Eventually.until("fifty events consumed", NODES_LIMIT_MILLIS, () -> diagnosis(a, b), () -> {
            alive(pa, a);
            alive(pb, b);
            return lines(a).size() + lines(b).size() >= 50;
        });
        stop(pa, a);
        stop(pb, b);

        List<String> published = new ArrayList<>(lines(Path.of(a + ".published")));
        published.addAll(lines(Path.of(b + ".published")));
        List<String> consumed = new ArrayList<>();
        lines(a).forEach(l -> consumed.add(l.split(" ")[0]));
        lines(b).forEach(l -> consumed.add(l.split(" ")[0]));
        assertThat(published).hasSize(50).doesNotHaveDuplicates();
        assertThat(consumed).hasSize(50).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);
        assertThat(StateStores.jdbc(db.dataSource()).queuedEvents("consume", 100)).isEmpty();
    }

    @Test
    @Timeout(180)
    void eventsLeftByAProcessKilledWithKillNineAreAllProcessedByTheNextScheduler() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            try {
                killNine(db);
            } finally {
                killAll();
            }
        }
    }

    private void killNine(TestDatabase db) throws Exception {
        Path killed = dir.resolve("killed.txt");
        Process p = node(db, "publish-and-hang", killed, "5");
        Path ready = Path.of(killed + ".ready");
        Eventually.until("the killed node's run claimed the events", NODES_LIMIT_MILLIS,
                () -> diagnosis(killed), () -> {
            alive(p, killed);
            return lines(ready).size() == 5;
        });
        p.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        assertThat(lines(killed)).as("nothing consumed before the kill").isEmpty();

        Path out = dir.resolve("after.txt");
        SchedulerFixture next = new SchedulerFixture(StateStores.jdbc(db.dataSource()),
                b -> b.dataSource(db.dataSource()));
        try {
            next.scheduler.register(ClusterNode.consumer(out, null));
            next.scheduler.start();
            Eventually.until("every event processed", () -> lines(out).size() == 5
                    && next.store.queuedEvents("consume", 10).isEmpty());
        } finally {
            next.close();
        }
        assertThat(lines(out)).extracting(l -> l.split(" ")[0]).containsExactlyElementsOf(lines(ready));
    }
}
