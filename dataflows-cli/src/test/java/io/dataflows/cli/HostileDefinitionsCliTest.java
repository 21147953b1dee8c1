package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad definitions through every command that reads one: each is one problem line on standard error and exit 2 for
 * an unreadable definition; never a stack trace, never a hang. ({@code dot} draws a readable but invalid flow and
 * lists its problems with exit 0; {@code export} writes a readable one.)
 */
class HostileDefinitionsCliTest {

    private static final List<String> COMMANDS = List.of("validate", "run", "export", "dot");

    @TempDir
    Path dir;

    private Path flow(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    private CliResult run(String command, Path flow) {
        return command.equals("run")
                ? CliResult.run("run", flow.toString(), "--state-dir", dir.resolve("state").toString())
                : CliResult.run(command, flow.toString());
    }

    /** Every command exits 2 with exactly {@code line} on standard error and nothing on standard output. */
    private void assertUnreadable(Path flow, String line) {
        for (String command : COMMANDS) {
            CliResult r = run(command, flow);
            assertThat(r.exit()).as(command + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(command).isEqualTo(line + "\n");
            assertThat(r.out()).as(command).isEmpty();
        }
    }

    @Test
    void aSelfDependencyIsACycleNotAStackTrace() throws IOException {
        // JGraphT's "loops not allowed" went out as a stack trace with exit 1.
        Path f = flow("self.yml", "name: self\nsteps:\n  a:\n    type: test_connector\n    depends_on: a\n");
        String line = "dataflow: Dataflow is not a valid Directed Acyclic Graph (DAG). Cycle: a → a.\n";

        CliResult validate = run("validate", f);
        CliResult runs = run("run", f);
        CliResult dot = run("dot", f);
        CliResult export = run("export", f);

        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err()).isEqualTo(line);
        assertThat(runs.exit()).isEqualTo(2);
        assertThat(runs.err()).isEqualTo(line);
        assertThat(dot.exit()).isZero();
        assertThat(dot.err()).isEqualTo(line);
        assertThat(dot.out()).contains("\"a\" -> \"a\"");
        assertThat(export.exit()).isZero();
        assertThat(export.err()).isEmpty();
        assertThat(export.out()).contains("    depends_on: a\n");
    }

    @Test
    void anOutputNumberBeyondAnyIntIsAProblemLine() throws IOException {
        // Integer.parseInt's NumberFormatException went out as a stack trace with exit 1.
        Path f = flow("big.yml", "name: big\nsteps:\n  a:\n    type: test_source\n    config: {source: [{x: 1}]}\n"
                + "  b:\n    type: test_sink\n    depends_on: 'a:99999999999999999999'\n");
        String line = "b: Step 'a' has a single output; \"a:99999999999999999999\" names output "
                + "#99999999999999999999.\n";

        for (String command : List.of("validate", "run")) {
            CliResult r = run(command, f);
            assertThat(r.exit()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).isEqualTo(line);
        }
        CliResult dot = run("dot", f);
        assertThat(dot.exit()).isZero();
        assertThat(dot.err()).isEqualTo(line);
        assertThat(run("export", f).exit()).isZero();
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoAsTheFlowFileIsRefusedWithoutBlocking() throws Exception {
        // Every command blocked forever opening the FIFO for reading.
        Path fifo = dir.resolve("flow.yml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertUnreadable(fifo, fifo + ": This is not a regular file (a FIFO, device or socket); a definition must be "
                + "a regular file.");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void devZeroAsTheFlowFileIsRefused() {
        // Reading /dev/zero whole ran out of memory.
        assertUnreadable(Path.of("/dev/zero"), "/dev/zero: This is not a regular file (a FIFO, device or socket); a "
                + "definition must be a regular file.");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoAsTheRunStateOfDotIsRefusedWithoutBlocking() throws Exception {
        Path f = flow("simple.yml", "name: simple\nsteps:\n  a:\n    type: test_connector\n");
        Path fifo = dir.resolve("state.json");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        CliResult r = CliResult.run("dot", f.toString(), "--state", fifo.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo(fifo + ": This is not a regular file (a FIFO, device or socket); a run state "
                + "must be a regular file.\n");
    }

    @Test
    void aDirectoryAsTheFlowFileIsRefused() throws IOException {
        Path d = Files.createDirectory(dir.resolve("flows.yml"));

        assertUnreadable(d, d + ": This is a directory, not a definition file.");
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() throws IOException {
        Path f = dir.resolve("huge.yml");
        byte[] bytes = new byte[16 * 1024 * 1024 + 1];
        java.util.Arrays.fill(bytes, (byte) '#');
        Files.write(f, bytes);

        assertUnreadable(f, f + ": The file is larger than 16 MiB (16777216 bytes), the limit for a definition.");
    }

    @Test
    void yamlAliasesAreRefused() throws IOException {
        // 'limit: *b' was read as the text "b".
        Path f = flow("alias.yml", "name: alias\nvars:\n  limit: *b\nsteps: {}\n");

        assertUnreadable(f, f + ":3:10: YAML aliases are not supported ('*b'): write the value out in full.");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBillionLaughsDocumentIsRefused() throws IOException {
        StringBuilder yaml = new StringBuilder("name: lol\nvars:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'z'; c++) {
            char p = (char) (c - 1);
            yaml.append("  ").append(c).append(": &").append(c).append(" [*").append(p).append(", *").append(p)
                    .append(", *").append(p).append(", *").append(p).append(", *").append(p).append(", *")
                    .append(p).append(", *").append(p).append(", *").append(p).append("]\n");
        }
        Path f = flow("lol.yml", yaml.append("steps: {}\n").toString());

        assertUnreadable(f, f + ":4:10: YAML aliases are not supported ('*a'): write the value out in full.");
    }

    @Test
    void aSecondYamlDocumentIsRefused() throws IOException {
        // The second document was ignored.
        Path f = flow("two.yml", "name: one\nsteps: {}\n---\nname: two\nsteps: {}\n");

        assertUnreadable(f, f + ":4:1: A second YAML document starts here; a definition is one document.");
    }

    @Test
    void contentAfterTheJsonValueIsRefused() throws IOException {
        // Trailing garbage was accepted.
        Path f = flow("trailing.json", "{\"name\": \"x\", \"steps\": {}} {\"name\": \"y\"}");

        assertUnreadable(f, f + ":1:28: Unexpected content after the end of the definition.");
    }

    @Test
    void aListAsTheNameIsRefused() throws IOException {
        // The name printed as a Java record's toString.
        Path f = flow("listname.yml", "name: [a, b]\nsteps: {}\n");

        assertUnreadable(f, f + ":1:7: dataflow: 'name' must be text, not a list.");
    }

    @Test
    void aStepFieldOfTheWrongTypeIsRefused() throws IOException {
        Path f = flow("steptype.yml", "name: x\nsteps:\n  a:\n    type: {id: test_connector}\n");

        assertUnreadable(f, f + ":4:11: a: 'type' must be text, not a map.");
    }
}
