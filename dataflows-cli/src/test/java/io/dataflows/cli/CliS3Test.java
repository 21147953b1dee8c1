package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * connector_s3 through the command, with its secret written into the definition: a dry run skips the upload, and
 * the secret shows nowhere the command shows anything — stdout and stderr with {@code --verbose},
 * {@code --state-out}, {@code export}, {@code dot}, {@code validate}. No S3 server is needed: nothing is sent.
 */
class CliS3Test {

    private static final String SECRET = "OHNOYOUWERENTSUPPOSEDTOSEEME";

    @TempDir
    Path dir;

    @Test
    void aDryRunReportsTheUploadAndTheSecretShowsNowhere() throws Exception {
        Files.writeString(dir.resolve("out.csv"), "a,b\n1,2\n");
        Path flow = Files.writeString(dir.resolve("upload.yml"), String.join("\n",
                "name: upload",
                "steps:",
                "  upload:",
                "    type: connector_s3",
                "    config:",
                "      bucket: reports",
                "      region: ap-southeast-2",
                "      key: AKIAEXAMPLE",
                "      secret: " + SECRET,
                "      endpoint: http://127.0.0.1:9",
                "      pathstyle: true",
                "      source: out.csv",
                "      target: s3://daily/",
                ""));
        Path stateOut = dir.resolve("state.json");

        CliResult run = CliResult.run("run", flow.toString(), "--dry-run", "--verbose",
                "--state-dir", dir.resolve("state").toString(), "--state-out", stateOut.toString());

        // Nothing listens on the endpoint: an upload that was not skipped would fail the run.
        assertThat(run.exit()).as(run.err()).isZero();
        String state = Files.readString(stateOut, StandardCharsets.UTF_8);
        assertThat(state).contains("\"secret\": \"*****\"").contains("\"target\": \"s3://daily/out.csv\"")
                .contains("\"bytes\": null").contains("\"success\": true");
        CliResult export = CliResult.run("export", flow.toString());
        CliResult dot = CliResult.run("dot", flow.toString(), "--state", stateOut.toString());
        CliResult validate = CliResult.run("validate", flow.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(dot.exit()).as(dot.err()).isZero();
        assertThat(export.out()).contains("secret: '*****'");
        for (String shown : List.of(run.out(), run.err(), state, export.out(), export.err(), dot.out(), dot.err(),
                validate.out(), validate.err())) {
            assertThat(shown).doesNotContain(SECRET);
        }
    }
}
