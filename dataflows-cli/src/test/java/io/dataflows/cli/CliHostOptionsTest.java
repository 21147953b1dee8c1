package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.internal.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cfg} and {@code --data-root}: the host's settings ({@code global.cfg.*}) and data directory
 * ({@code [dataroot]}) that flows written for tool_dataflows read from Moodle.
 */
class CliHostOptionsTest {

    @TempDir
    Path dir;

    private Path flow(String... lines) throws IOException {
        Path f = dir.resolve("flows/host.yml");
        Files.createDirectories(f.getParent());
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stepsOf(Path stateOut) throws IOException {
        Map<String, Object> state = (Map<String, Object>) Json.read(Files.readString(stateOut));
        return (Map<String, Object>) ((Map<String, Object>) state.get("variables")).get("steps");
    }

    @Test
    void cfgSetsGlobalCfgAsTextAndDataRootDefaultsToTheFlowsDirectory() throws IOException {
        Path f = flow("name: host",
                "steps:",
                "  a:",
                "    type: test_connector",
                "    config:",
                "      value: \"${{ global.cfg.wwwroot }}|${{ global.cfg.empty }}|${{ global.cfg.expr }}\"",
                "      path: '[dataroot]/out.txt'");
        Path stateOut = dir.resolve("state.json");

        CliResult r = CliResult.run("run", f.toString(), "--cfg", "wwwroot=https://lms.example.org/",
                "--cfg", "empty=", "--cfg", "expr=${{ 1 + 1 }}", "--state-dir", dir.resolve("state").toString(),
                "--state-out", stateOut.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(stepsOf(stateOut).get("a")).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("value", "https://lms.example.org/||${{ 1 + 1 }}");
        assertThat(Files.readString(dir.resolve("flows/out.txt"))).isEqualTo("x");
    }

    @Test
    void dataRootPointsElsewhereAndMustStillBePermitted() throws IOException {
        Path root = Files.createDirectories(dir.resolve("moodledata"));
        Path f = flow("name: host",
                "steps:",
                "  a: {type: test_connector, config: {path: '[dataroot]/out.txt'}}");

        CliResult refused = CliResult.run("validate", f.toString(), "--data-root", root.toString());
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("Path \"[dataroot]/out.txt\" is not permitted.");

        CliResult ok = CliResult.run("run", f.toString(), "--data-root", root.toString(), "--allow",
                root.toString(), "--state-dir", dir.resolve("state").toString());
        assertThat(ok.exit()).as(ok.err()).isEqualTo(0);
        assertThat(Files.readString(root.resolve("out.txt"))).isEqualTo("x");
    }

    @Test
    void aPermittedDirectoryMayStartWithDataRoot() throws IOException {
        // tool_dataflows' permitted_dirs setting took "[dataroot]/exports" for a directory under Moodle's data root
        Path root = Files.createDirectories(dir.resolve("moodledata/exports")).getParent();
        Path f = flow("name: host",
                "steps:",
                "  a: {type: test_connector, config: {path: '[dataroot]/exports/out.txt'}}");
        CliResult ok = CliResult.run("run", f.toString(), "--data-root", root.toString(), "--allow",
                "[dataroot]/exports", "--state-dir", dir.resolve("state").toString());
        Path outside = flow("name: host",
                "steps:",
                "  a: {type: test_connector, config: {path: '[dataroot]/out.txt'}}");
        CliResult refused = CliResult.run("validate", outside.toString(), "--data-root", root.toString(),
                "--allow", "[dataroot]/exports");

        assertThat(ok.exit()).as(ok.err()).isEqualTo(0);
        assertThat(Files.readString(root.resolve("exports/out.txt"))).isEqualTo("x");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("Path \"[dataroot]/out.txt\" is not permitted.");
    }

    @Test
    void aCfgWithoutNameIsAUsageError() throws IOException {
        Path f = flow("name: host", "steps:", "  a: {type: test_connector}");

        CliResult r = CliResult.run("validate", f.toString(), "--cfg", "a.b=1");

        assertThat(r.exit()).isEqualTo(64);
        assertThat(r.err()).contains("Invalid value for --cfg: 'a.b=1' (expected NAME=VALUE, NAME without '.')");
    }
}
