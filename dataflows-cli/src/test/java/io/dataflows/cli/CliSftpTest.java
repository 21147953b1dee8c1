package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command knows the SFTP steps: it describes them, validates flows using them and exports their password as stars. */
class CliSftpTest {

    private static final String PASSWORD = "Pw-4a3b2c1d";

    @TempDir
    Path dir;

    @Test
    void theSftpStepsAreKnownAndTheirPasswordIsExportedAsStars() throws Exception {
        Path flow = Files.writeString(dir.resolve("fetch.yml"), String.join("\n",
                "name: fetch",
                "steps:",
                "  fetch:",
                "    type: connector_sftp",
                "    config:",
                "      host: sftp.example.org",
                "      username: partner",
                "      password: '" + PASSWORD + "'",
                "      source: 'sftp://out/people.csv'",
                "      target: people.csv",
                "  list:",
                "    type: connector_sftp_directory_file_list",
                "    depends_on: fetch",
                "    config: {host: sftp.example.org, username: partner, password: '" + PASSWORD + "',"
                        + " directory: out}",
                ""));

        CliResult steps = CliResult.run("steps", "connector_sftp");
        CliResult validate = CliResult.run("validate", flow.toString());
        CliResult export = CliResult.run("export", flow.toString());

        assertThat(steps.exit()).isZero();
        assertThat(steps.out()).contains("  password (string, secret)");
        assertThat(validate.exit()).as(validate.err()).isZero();
        assertThat(export.exit()).isZero();
        assertThat(export.out()).contains("password: '*****'").doesNotContain(PASSWORD);
        assertThat(validate.out() + validate.err()).doesNotContain(PASSWORD);
    }
}
