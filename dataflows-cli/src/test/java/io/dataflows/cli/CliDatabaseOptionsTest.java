package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Unusable values of {@code --state-dir}, {@code --db} and {@code --data-db}: one line on standard error saying what
 * is wrong, never a stack trace; exit 64 for a value that cannot work, 1 for a database that does not open.
 */
class CliDatabaseOptionsTest {

    @TempDir
    Path dir;

    private Path flow(String steps) throws IOException {
        Path f = dir.resolve("flow.yml");
        Files.writeString(f, "name: options\nsteps:\n" + steps);
        return f;
    }

    private Path plainFlow() throws IOException {
        return flow("  a: {type: test_connector}\n");
    }

    @Test
    void aStateDirectoryUnderARegularFileExitsSixtyFour() throws IOException {
        Path file = dir.resolve("file");
        Files.writeString(file, "not a directory");

        CliResult under = CliResult.run("run", plainFlow().toString(), "--state-dir", file.resolve("state").toString());
        CliResult itself = CliResult.run("run", plainFlow().toString(), "--state-dir", file.toString());

        assertThat(under.exit()).as(under.err()).isEqualTo(64);
        assertThat(under.err()).isEqualTo("Invalid value for --state-dir: '" + file.resolve("state")
                + "' (cannot create the directory: '" + file + "' exists and is not a directory)\n");
        assertThat(itself.exit()).as(itself.err()).isEqualTo(64);
        assertThat(itself.err()).isEqualTo("Invalid value for --state-dir: '" + file
                + "' (cannot create the directory: '" + file + "' exists and is not a directory)\n");
        assertThat(Files.readString(file)).isEqualTo("not a directory");
    }

    @Test
    void aNewStateDirectoryIsAccessibleToItsOwnerOnly() throws IOException {
        Path state = dir.resolve("new/state");

        CliResult r = CliResult.run("run", plainFlow().toString(), "--state-dir", state.toString());

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
                .isEqualTo("rwx------");
    }

    @Test
    void aValueThatIsNotAJdbcUrlOfAKnownDriverExitsSixtyFour() throws IOException {
        CliResult notJdbc = CliResult.run("run", plainFlow().toString(), "--data-db", "postgres://host/db");
        CliResult unknownDriver = CliResult.run("run", plainFlow().toString(), "--data-db",
                "jdbc:nosuch://host/db;password=pa55-of-nosuch");
        CliResult unknownStateDriver = CliResult.run("run", plainFlow().toString(), "--db",
                "jdbc:nosuch://u:pa55-of-nosuch@host/db");

        assertThat(notJdbc.exit()).isEqualTo(64);
        assertThat(notJdbc.err()).isEqualTo("Invalid value for --data-db: 'postgres://host/db' (expected a JDBC URL "
                + "such as jdbc:postgresql://host/database)\n");
        assertThat(unknownDriver.exit()).isEqualTo(64);
        assertThat(unknownDriver.err()).isEqualTo("Invalid value for --data-db: no JDBC driver for "
                + "jdbc:nosuch://host/db;password=***** (this command has drivers for jdbc:postgresql: and "
                + "jdbc:h2:)\n");
        assertThat(unknownStateDriver.exit()).isEqualTo(64);
        assertThat(unknownStateDriver.err()).isEqualTo("Invalid value for --db: no JDBC driver for "
                + "jdbc:nosuch://u:*****@host/db (this command has drivers for jdbc:postgresql: and jdbc:h2:)\n");
    }

    @Test
    void aDataDatabaseThatDoesNotOpenFailsTheStepThatNeedsItInOneLine() throws IOException {
        Path flow = flow("  query: {type: connector_sql, config: {sql: 'SELECT 1'}}\n");
        String missing = "jdbc:h2:file:" + dir.resolve("missing") + ";IFEXISTS=TRUE";

        CliResult r = CliResult.run("run", flow.toString(), "--state-dir", dir.resolve("state").toString(),
                "--data-db", missing);
        CliResult plain = CliResult.run("run", plainFlow().toString(), "--state-dir", dir.resolve("state").toString(),
                "--data-db", missing);

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines()).singleElement().asString().isEqualTo("Run aborted: Step 'query' (connector_sql) "
                + "failed: SQL error (90146): Cannot open the database " + missing + ": Database \""
                + dir.resolve("missing") + "\" not found, and IFEXISTS=true, so we cant auto-create it [90146-232] "
                + "[SQL: SELECT 1]");
        assertThat(plain.exit()).as("a flow without SQL steps never opens it").isZero();
    }
}
