package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.StateStores;
import io.dataflows.spi.RunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets through the command line: {@code --secret NAME=@FILE} and {@code DATAFLOWS_SECRET_<NAME>} give
 * {@code secrets.NAME}, and a secret — or a value that flows into a secret field — shows nowhere: not on stdout or
 * stderr (with {@code --verbose} too), not in {@code --state-out}, the run history in the database, {@code export},
 * {@code validate} or {@code dot}.
 */
class CliSecretsTest {

    private static final String SECRET = "Hunter2xyz";

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private String stateDir() {
        return dir.resolve("state").toString();
    }

    /** A run's history rows as the database holds them, every column as text. */
    private String historyRows() throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Database db = Database.open(dir.resolve("state"), null, Map.of());
             Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("dataflows_runs", "dataflows_variables", "dataflows_step_state")) {
                try (ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    while (rs.next()) {
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            sb.append(rs.getString(i)).append('|');
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    private List<RunRecord> runs(String flow) {
        try (Database db = Database.open(dir.resolve("state"), null, Map.of())) {
            return StateStores.jdbc(db.dataSource()).runs(flow);
        }
    }

    @Test
    void aVarThatFlowsIntoASecretFieldShowsNowhere() throws Exception {
        Path flow = file("leaky.yml", """
                name: leaky
                vars:
                  wrapped: '${{ "x-" ~ vars.pw }}'
                steps:
                  use:
                    type: test_connector
                    config:
                      secret: '${{ dataflow.vars.wrapped }}'
                      value: '${{ dataflow.vars.pw }}'
                      outcome: fail
                """);
        Path stateOut = dir.resolve("state.json");

        CliResult r = CliResult.run("run", flow.toString(), "--var", "pw=" + SECRET, "--state-dir", stateDir(),
                "--state-out", stateOut.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Run aborted: Step 'use' (test_connector) failed: boom with *****\n");
        String state = Files.readString(stateOut, StandardCharsets.UTF_8);
        assertThat(state).doesNotContain(SECRET).contains("\"pw\": \"*****\"").contains("\"wrapped\": \"*****\"");
        String history = historyRows();
        assertThat(history).contains("leaky").contains("boom with *****").doesNotContain(SECRET);
        assertThat(runs("leaky")).hasSize(1).allSatisfy(run -> assertThat(run.toString()).doesNotContain(SECRET));
    }

    @Test
    void secretsComeFromFilesAndTheEnvironmentAndReachTheSteps() throws Exception {
        Path flow = file("secrets.yml", """
                name: secrets
                steps:
                  write:
                    type: connector_file_put_content
                    config:
                      path: out.txt
                      content: '${{ secrets.a ~ "," ~ secrets.b ~ "," ~ secrets.c ~ "," ~ secrets.Mixed }}'
                  use:
                    type: test_connector
                    depends_on: write
                    config:
                      secret: '${{ secrets.a }}'
                      value: '${{ secrets.b ~ secrets.c }}'
                """);
        Path stateOut = dir.resolve("state.json");
        Map<String, String> env = Map.of(
                "DATAFLOWS_SECRET_a", "env-a-loses-to-the-file",
                "DATAFLOWS_SECRET_b", "secret-b-exact",
                "DATAFLOWS_SECRET_B", "secret-b-upper-loses",
                "DATAFLOWS_SECRET_C", "secret-c-upper",
                "DATAFLOWS_SECRET_MIXED", "secret-mixed");

        CliResult r = CliResult.run(env, "run", flow.toString(), "--secret",
                "a=@" + file("a.txt", SECRET + "\n"), "--state-dir", stateDir(), "--state-out",
                stateOut.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        // Data is not redacted: the step wrote what it was given (one trailing newline of the file removed).
        assertThat(Files.readString(dir.resolve("out.txt")))
                .isEqualTo(SECRET + ",secret-b-exact,secret-c-upper,secret-mixed");
        String state = Files.readString(stateOut, StandardCharsets.UTF_8);
        assertThat(state).contains("\"value\": \"**********\""); // secrets.b ~ secrets.c
        for (String secret : List.of(SECRET, "secret-b-exact", "secret-c-upper")) {
            assertThat(r.out() + r.err() + state + historyRows()).doesNotContain(secret);
        }
    }

    @Test
    void aSecretWrittenOnTheCommandLineIsRefusedWithoutRepeatingIt() throws Exception {
        Path flow = file("f.yml", "name: f\nsteps:\n  a: {type: test_connector}\n");

        CliResult inline = CliResult.run("run", flow.toString(), "--secret", "pw=" + SECRET, "--state-dir",
                stateDir());
        CliResult noName = CliResult.run("run", flow.toString(), "--secret", SECRET, "--state-dir", stateDir());
        CliResult twice = CliResult.run("run", flow.toString(), "--secret", "pw=@" + file("p", "x"), "--secret",
                "pw=@" + file("q", "y"), "--state-dir", stateDir());

        assertThat(inline.exit()).isEqualTo(64);
        assertThat(inline.err()).isEqualTo("Invalid value for --secret pw: expected pw=@FILE, the file holding the "
                + "secret (a value on the command line would be visible to every user in the process list)\n"
                + "Try 'dataflows run --help'.\n");
        assertThat(noName.exit()).isEqualTo(64);
        assertThat(noName.err()).doesNotContain(SECRET);
        assertThat(noName.err()).isEqualTo("Invalid value for --secret: expected NAME=@FILE, NAME of letters, "
                + "digits and _\nTry 'dataflows run --help'.\n");
        assertThat(twice.exit()).isEqualTo(64);
        assertThat(twice.err()).isEqualTo("--secret pw is given twice\nTry 'dataflows run --help'.\n");
        assertThat(dir.resolve("state")).doesNotExist(); // nothing ran
    }

    @Test
    void anUnreadableSecretFileIsAUsageError() throws Exception {
        Path flow = file("f.yml", "name: f\nsteps:\n  a: {type: test_connector}\n");
        Path missing = dir.resolve("missing.txt");
        Path big = file("big.txt", "x".repeat(CliSecrets.MAX_BYTES + 1));
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'p', (byte) 0xe9});

        CliResult r = CliResult.run("run", flow.toString(), "--secret", "pw=@" + missing, "--state-dir",
                stateDir());
        CliResult directory = CliResult.run("run", flow.toString(), "--secret", "pw=@" + dir, "--state-dir",
                stateDir());
        CliResult tooBig = CliResult.run("run", flow.toString(), "--secret", "pw=@" + big);
        CliResult notUtf8 = CliResult.run("run", flow.toString(), "--secret", "pw=@" + latin1);

        assertThat(r.exit()).isEqualTo(64);
        assertThat(r.err()).isEqualTo("Cannot read the secret pw from " + missing + ": no such file\n");
        assertThat(directory.exit()).isEqualTo(64);
        assertThat(directory.err()).isEqualTo("Cannot read the secret pw from " + dir + ": Is a directory\n");
        assertThat(tooBig.err()).isEqualTo("Cannot read the secret pw from " + big + ": it is larger than 65536 "
                + "bytes\n");
        assertThat(notUtf8.err()).isEqualTo("Cannot read the secret pw from " + latin1 + ": it is not UTF-8 text\n");
        assertThat(dir.resolve("state")).doesNotExist();
    }

    @Test
    void aBrokenSecretFieldIsReportedWithoutItsTextByRunValidateAndDot() throws Exception {
        Path flow = file("broken.yml", """
                name: broken
                vars:
                  pw: 'Hunter2xyz ${{ oops'
                steps:
                  decrypt:
                    type: connector_gpg
                    config:
                      command: decrypt
                      from: in.gpg
                      to: out.txt
                      secretkeyring: ring.gpg
                      passphrase: 'Hunter2xyz ${{ oops'
                  again:
                    type: test_connector
                    depends_on: decrypt
                    config:
                      secret: '${{ dataflow.vars.pw }}'
                """);
        String expected = "dataflow: Invalid expression in vars.pw: '${{' without '}}' at position 12 (secret: its "
                + "text is not shown).\n"
                + "decrypt: Invalid expression in config.passphrase: '${{' without '}}' at position 12 (secret: its "
                + "text is not shown).\n";

        CliResult run = CliResult.run("run", flow.toString(), "--state-dir", stateDir());
        CliResult validate = CliResult.run("validate", flow.toString());
        CliResult dot = CliResult.run("dot", flow.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(expected);
        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err()).isEqualTo(expected);
        assertThat(dot.exit()).isZero();
        assertThat(dot.err()).isEqualTo(expected);
        assertThat(run.out() + validate.out() + dot.out()).doesNotContain(SECRET);
    }

    @Test
    void aFailingExpressionInASecretFieldFailsTheRunWithoutItsValue() throws Exception {
        Path flow = file("typed.yml", """
                name: typed
                steps:
                  use:
                    type: test_connector
                    config:
                      secret: '${{ dataflow.vars.pw + 1 }}'
                      outcome: fail
                """);
        Path stateOut = dir.resolve("state.json");

        CliResult r = CliResult.run("run", flow.toString(), "--var", "pw=" + SECRET, "--state-dir", stateDir(),
                "--state-out", stateOut.toString());

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("Run aborted: Step 'use' (test_connector) failed: Cannot evaluate the secret "
                + "value: an operation on its values failed (secret: its text is not shown) (config.secret)\n");
        assertThat(Files.readString(stateOut) + historyRows()).doesNotContain(SECRET);
    }

    @Test
    void exportAndDotOfARunStateShowNoSecret() throws Exception {
        Path flow = file("export.yml", """
                name: export
                vars:
                  pw: Hunter2xyz
                steps:
                  use:
                    type: test_connector
                    config:
                      secret: '${{ dataflow.vars.pw }}'
                      outcome: fail
                """);
        Path stateOut = dir.resolve("state.json");
        CliResult run = CliResult.run("run", flow.toString(), "--state-dir", stateDir(), "--state-out",
                stateOut.toString());

        CliResult yaml = CliResult.run("export", flow.toString());
        CliResult json = CliResult.run("export", flow.toString(), "--format", "json");
        CliResult dot = CliResult.run("dot", flow.toString(), "--state", stateOut.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(yaml.exit()).isZero();
        assertThat(yaml.out()).isEqualTo("""
                name: export
                vars:
                  pw: '*****'
                steps:
                  use:
                    name: use
                    type: test_connector
                    config:
                      secret: '${{ dataflow.vars.pw }}'
                      outcome: fail
                """);
        assertThat(json.out()).contains("\"pw\": \"*****\"").doesNotContain(SECRET);
        assertThat(dot.exit()).isZero();
        assertThat(dot.out()).contains("boom with *****").doesNotContain(SECRET);
        assertThat(run.err() + yaml.err() + json.err() + dot.err() + Files.readString(stateOut) + historyRows())
                .doesNotContain(SECRET);
    }

    @Test
    void aRealProcessWithVerboseLogsShowsNoSecret() throws Exception {
        Path flow = file("verbose.yml", """
                name: verbose
                vars:
                  pw: '${{ secrets.pw }}'
                steps:
                  say:
                    type: connector_log
                    config: {level: info, message: 'using ${{ secrets.pw }} and ${{ secrets.token }}'}
                  decrypt:
                    type: connector_gpg
                    depends_on: say
                    config:
                      command: decrypt
                      from: missing.gpg
                      to: out.txt
                      secretkeyring: missing.ring
                      passphrase: '${{ dataflow.vars.pw }}'
                  use:
                    type: test_connector
                    depends_on: decrypt
                    config:
                      secret: '${{ secrets.token }}'
                      outcome: fail
                """);
        Path stateOut = dir.resolve("state.json");

        CliResult r = CliProcess.run(dir, Map.of("DATAFLOWS_SECRET_TOKEN", "T0ken-secret"), "run", flow.toString(),
                "--verbose", "--secret", "pw=@" + file("pw.txt", SECRET + "\n"), "--state-dir", stateDir(),
                "--state-out", stateOut.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("DEBUG").contains("using ***** and *****")
                .contains("Run aborted: Step 'use' (test_connector) failed: boom with *****");
        String everything = r.out() + r.err() + Files.readString(stateOut) + historyRows();
        assertThat(everything).doesNotContain(SECRET).doesNotContain("T0ken-secret");
    }
}
