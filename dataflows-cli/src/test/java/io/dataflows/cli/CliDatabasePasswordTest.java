package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database passwords, in every form a URL or the environment can carry them, never show: not in the output of a
 * {@code --verbose} run (the command's messages, the connection pool's and the drivers' logging included), not in
 * {@code --state-out}, not in the run history — whether the database opens or not.
 */
class CliDatabasePasswordTest {

    @TempDir
    Path dir;

    /** One command line and what must not show in anything it leaves. */
    private record Case(String name, List<String> args, Map<String, String> env, String password, int exit) {}

    private Path flow() throws IOException {
        Path f = dir.resolve("flow.yml");
        Files.writeString(f, """
                name: secretive
                steps:
                  query: {type: connector_sql, config: {sql: 'SELECT 1 AS one'}}
                """);
        return f;
    }

    private List<String> args(String name, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("run", flow().toString(), "--verbose",
                "--state-dir", dir.resolve(name + "-state").toString(),
                "--state-out", dir.resolve(name + ".json").toString()));
        args.addAll(List.of(options));
        return args;
    }

    /** Runs every case at once (each in a process of its own) and checks what each left behind. */
    private void check(List<Case> cases) throws Exception {
        Map<Case, CliProcess> processes = new LinkedHashMap<>();
        for (Case c : cases) {
            processes.put(c, CliProcess.start(dir.resolve(c.name() + ".log"), c.env(), c.args()));
        }
        for (Map.Entry<Case, CliProcess> e : processes.entrySet()) {
            Case c = e.getKey();
            CliProcess p = e.getValue();
            int exit = p.exitCode();
            String output = p.output();
            assertThat(exit).as(c.name() + ": " + output).isEqualTo(c.exit());
            assertThat(output).as(c.name()).contains("DEBUG").doesNotContain(c.password());
            Path stateOut = dir.resolve(c.name() + ".json");
            if (Files.exists(stateOut)) {
                assertThat(Files.readString(stateOut)).as(c.name()).doesNotContain(c.password());
            }
            Path state = dir.resolve(c.name() + "-state");
            if (Files.exists(state.resolve(Database.H2_FILE))) {
                try (Database db = Database.open(state, null, Map.of())) {
                    assertThat(StateStores.jdbc(db.dataSource()).runs("secretive")).as(c.name())
                            .allSatisfy(run -> assertThat(run.toString()).doesNotContain(c.password()));
                }
            }
        }
    }

    @Test
    void passwordsOfEmbeddedDatabasesNeverShow() throws Exception {
        String h2 = "jdbc:h2:file:" + dir.resolve("own").toAbsolutePath() + Database.H2_OPTIONS + ";AUTO_SERVER=TRUE";
        // The first run creates the database with this user and password.
        String created = "h2-owner-pa55";
        CliProcess create = CliProcess.start(dir.resolve("create.log"), Map.of(),
                args("create", "--data-db", h2 + ";USER=owner;PASSWORD=" + created));
        assertThat(create.exitCode()).as(create.output()).isZero();

        check(List.of(
                new Case("again", args("again", "--data-db", h2 + ";USER=owner;PASSWORD=" + created), Map.of(),
                        created, 0),
                new Case("wrong", args("wrong", "--data-db", h2 + ";USER=owner;PASSWORD=wrong-h2-pa55"), Map.of(),
                        "wrong-h2-pa55", 1),
                new Case("env", args("env", "--data-db", h2), Map.of(FlowDatabase.USER_VARIABLE, "owner",
                        FlowDatabase.PASSWORD_VARIABLE, created), created, 0),
                new Case("missing", args("missing", "--data-db", "jdbc:h2:file:" + dir.resolve("missing")
                        + ";IFEXISTS=TRUE;PASSWORD=missing-pa55"), Map.of(), "missing-pa55", 1),
                new Case("unreachable", args("unreachable", "--db",
                        "jdbc:postgresql://someone:pg-userinfo-pa55@127.0.0.1:1/nothing?connectTimeout=2"),
                        Map.of(), "pg-userinfo-pa55", 1)));
        assertThat(Files.readString(dir.resolve("missing.json"))).contains("Cannot open the database jdbc:h2:file:")
                .contains(";IFEXISTS=TRUE;PASSWORD=*****: ");
        assertThat(Files.readString(dir.resolve("unreachable.log"))).contains("Cannot open the database "
                + "jdbc:postgresql://someone:*****@127.0.0.1:1/nothing?connectTimeout=2: ");
    }

    @Test
    void passwordsOfPostgresqlNeverShow() throws Exception {
        try (TestDatabase state = TestDatabase.postgres(); TestDatabase otherState = TestDatabase.postgres();
             TestDatabase data = TestDatabase.postgres()) {
            String password = TestDatabase.postgresPassword();
            String user = TestDatabase.postgresUser();
            String bare = TestDatabase.postgresUrl();
            String userInfo = bare.replace("jdbc:postgresql://", "jdbc:postgresql://" + user + ":" + password + "@");
            check(List.of(
                    new Case("db-parameter", args("db-parameter", "--db", state.url() + "&password=" + password),
                            Map.of(Database.USER_VARIABLE, user), password, 0),
                    new Case("db-env", args("db-env", "--db", otherState.url()), Map.of(Database.USER_VARIABLE, user,
                            Database.PASSWORD_VARIABLE, password), password, 0),
                    new Case("data-parameter", args("data-parameter", "--data-db",
                            data.url() + "&user=" + user + "&password=" + password), Map.of(), password, 0),
                    new Case("data-env", args("data-env", "--data-db", data.url()), Map.of(
                            FlowDatabase.USER_VARIABLE, user, FlowDatabase.PASSWORD_VARIABLE, password), password, 0),
                    new Case("db-userinfo", args("db-userinfo", "--db", userInfo), Map.of(), password, 1),
                    new Case("data-userinfo", args("data-userinfo", "--data-db", userInfo), Map.of(), password, 1),
                    new Case("data-wrong", args("data-wrong", "--data-db", data.url() + "&password=wrong-pg-pa55"),
                            Map.of(FlowDatabase.USER_VARIABLE, user), "wrong-pg-pa55", 1)));
            for (TestDatabase db : List.of(state, otherState)) {
                StateStore store = StateStores.jdbc(db.dataSource());
                assertThat(store.runs("secretive")).singleElement()
                        .satisfies(run -> assertThat(run.toString()).doesNotContain(password));
            }
        }
    }
}
