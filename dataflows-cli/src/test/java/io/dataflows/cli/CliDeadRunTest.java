package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.RunRecord;
import io.dataflows.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A run killed with {@code kill -9} does not stay {@code processing} in the history for ever: the next command that
 * runs a dataflow on the same database marks it {@code aborted}, with the error "process died" and an end time.
 */
class CliDeadRunTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theNextCommandMarksARunKilledMidRunAborted(TestDatabase.Kind kind) throws Exception {
        TestDatabase pg = kind == TestDatabase.Kind.POSTGRESQL ? TestDatabase.postgres() : null;
        try {
            List<String> target = pg == null ? List.of("--state-dir", dir.resolve("state").toString())
                    : List.of("--db", pg.url());
            Map<String, String> env = pg == null ? Map.of() : Map.of(Database.USER_VARIABLE, pg.user(),
                    Database.PASSWORD_VARIABLE, pg.password());
            Path slow = dir.resolve("slow.yml");
            Files.writeString(slow, """
                    name: slow
                    steps:
                      wait:
                        type: test_slow
                        config: {millis: 60000, started: '%s'}
                    """.formatted(dir.resolve("started")));
            Path quick = dir.resolve("quick.yml");
            Files.writeString(quick, "name: quick\nsteps:\n  a: {type: test_connector}\n");
            List<String> args = new ArrayList<>(List.of("run", slow.toString()));
            args.addAll(target);
            Process killed = CliProcess.start(CliProcess.command(args), env, dir.resolve("killed.out"),
                    dir.resolve("killed.err"));
            try {
                awaitStarted(killed);
                killed.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
                assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                killed.destroyForcibly();
            }
            assertThat(statuses(pg, "slow")).containsExactly("processing");

            List<String> next = new ArrayList<>(List.of("run", quick.toString()));
            next.addAll(target);
            CliResult r = CliResult.run(env, next.toArray(new String[0]));

            assertThat(r.exit()).as(r.err()).isZero();
            RunRecord run = runs(pg, "slow").get(0);
            assertThat(run.status()).isEqualTo("aborted");
            assertThat(run.error()).isEqualTo("process died");
            assertThat(run.finishedAt()).isNotNull().isAfter(run.startedAt());
            assertThat(run.owner().pid()).isEqualTo(killed.pid());
            assertThat(statuses(pg, "quick")).containsExactly("finalised");
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
    }

    private void awaitStarted(Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard, not a timing
        while (!Files.exists(dir.resolve("started"))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new AssertionError("the run did not start: " + Files.readString(dir.resolve("killed.err")));
            }
            Thread.sleep(20);
        }
    }

    private List<String> statuses(TestDatabase pg, String flow) {
        return runs(pg, flow).stream().map(RunRecord::status).toList();
    }

    private List<RunRecord> runs(TestDatabase pg, String flow) {
        if (pg != null) {
            return runs(pg.dataSource(), flow);
        }
        try (Database db = Database.open(dir.resolve("state"), null, Map.of())) {
            return runs(db.dataSource(), flow);
        }
    }

    private static List<RunRecord> runs(DataSource dataSource, String flow) {
        return StateStores.jdbc(dataSource).runs(flow);
    }
}
