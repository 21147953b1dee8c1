package io.dataflows.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowDefinitionException;
import io.dataflows.Definitions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Definitions an attacker or a careless user might hand over: files that are no regular files, files and texts
 * beyond the limits, YAML aliases (which Jackson silently read as their name), several documents, trailing content,
 * and fields of the wrong type. Each is one {@link DataflowDefinitionException} with a location.
 */
class HostileDefinitionsTest {

    @TempDir
    Path dir;

    private static String yamlError(String yaml) {
        return messageOf(() -> Definitions.readYaml(yaml, "f.yml"));
    }

    private static String jsonError(String json) {
        return messageOf(() -> Definitions.readJson(json, "f.json"));
    }

    private static String messageOf(Runnable read) {
        try {
            read.run();
        } catch (DataflowDefinitionException e) {
            return e.getMessage();
        }
        throw new AssertionError("no DataflowDefinitionException");
    }

    // ---- files ------------------------------------------------------------------------------------------------

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        // Opening a FIFO for reading blocks until a writer comes: the read hung forever.
        Path fifo = dir.resolve("flow.yml");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

        assertThatThrownBy(() -> Definitions.read(fifo)).isInstanceOf(DataflowDefinitionException.class)
                .hasMessage(fifo + ": This is not a regular file (a FIFO, device or socket); a definition must be "
                        + "a regular file.");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anEndlessDeviceIsRefused() {
        // /dev/zero never ends: reading it whole ran out of memory.
        assertThatThrownBy(() -> Definitions.read(Path.of("/dev/zero")))
                .hasMessage("/dev/zero: This is not a regular file (a FIFO, device or socket); a definition must be "
                        + "a regular file.");
    }

    @Test
    void aDirectoryIsRefused() {
        assertThatThrownBy(() -> Definitions.read(dir)).hasMessage(dir + ": This is a directory, not a definition "
                + "file.");
    }

    @Test
    void filesLargerThanTheLimitAreRefusedBeforeReading() throws IOException {
        Path file = dir.resolve("big.yml");
        Files.writeString(file, "name: big\n# " + "x".repeat(100) + "\n");

        assertThatThrownBy(() -> Definitions.read(file, 100))
                .hasMessage(file + ": The file is larger than 100 bytes, the limit for a definition.");
        assertThat(Definitions.read(file, Files.size(file)).name()).isEqualTo("big");
        assertThatThrownBy(() -> Definitions.read(file, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultLimitIsSixteenMebibytes() throws IOException {
        Path file = dir.resolve("huge.yml");
        byte[] bytes = new byte[16 * 1024 * 1024 + 1];
        java.util.Arrays.fill(bytes, (byte) '#');
        Files.write(file, bytes);

        assertThat(Definitions.DEFAULT_MAX_SIZE).isEqualTo(16L * 1024 * 1024);
        assertThatThrownBy(() -> Definitions.read(file)).hasMessage(file + ": The file is larger than 16 MiB "
                + "(16777216 bytes), the limit for a definition.");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aFileThatClaimsToBeEmptyIsStillReadOnlyUpToTheLimit() {
        // Files under /proc report a size of 0 and have content: the limit holds for what is read, not the size.
        assertThatThrownBy(() -> Definitions.read(Path.of("/proc/self/status"), 16))
                .hasMessage("/proc/self/status: The file is larger than 16 bytes, the limit for a definition.");
    }

    @Test
    void textBeyondTheLimitIsRefused() {
        assertThatThrownBy(() -> Definitions.readYaml("name: x\nsteps: {}\n", "t.yml", 10))
                .hasMessage("t.yml: The definition is longer than 10 characters, the limit for a definition.");
        assertThatThrownBy(() -> Definitions.readJson("{\"name\": \"x\"}", "t.json", 10))
                .hasMessage("t.json: The definition is longer than 10 characters, the limit for a definition.");
    }

    // ---- YAML aliases, documents, trailing content ------------------------------------------------------------

    @Test
    void yamlAliasesAreRefusedNotReadAsTheirName() {
        // Jackson reads an alias as the text of its name: 'limit: *b' became "b".
        assertThat(yamlError("name: x\nvars:\n  b: &b 5\n  limit: *b\n"))
                .isEqualTo("f.yml:4:10: YAML aliases are not supported ('*b'): write the value out in full.");
        assertThat(yamlError("name: x\nvars:\n  limit: *undefined\n"))
                .isEqualTo("f.yml:3:10: YAML aliases are not supported ('*undefined'): write the value out in "
                        + "full.");
        assertThat(yamlError("name: x\nvars:\n  r: &r [*r]\n"))
                .isEqualTo("f.yml:3:10: YAML aliases are not supported ('*r'): write the value out in full.");
        assertThat(yamlError("name: x\nvars:\n  base: &base {a: 1}\n  more:\n    <<: *base\n"))
                .isEqualTo("f.yml:5:9: YAML aliases are not supported ('*base'): write the value out in full.");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBillionLaughsDocumentIsRefusedAtItsFirstAlias() {
        StringBuilder yaml = new StringBuilder("name: lol\nvars:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\","
                + "\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char p = (char) (c - 1);
            yaml.append("  ").append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ",").append('*').append(p);
            }
            yaml.append("]\n");
        }

        assertThat(yamlError(yaml.toString()))
                .isEqualTo("f.yml:4:10: YAML aliases are not supported ('*a'): write the value out in full.");
    }

    @Test
    void aSecondYamlDocumentIsAnError() {
        // The second document was ignored.
        assertThat(yamlError("name: x\nsteps: {}\n---\nname: y\n"))
                .isEqualTo("f.yml:4:1: A second YAML document starts here; a definition is one document.");
        assertThat(yamlError("name: x\n---\n"))
                .isEqualTo("f.yml:3:1: A second YAML document starts here; a definition is one document.");
        assertThat(Definitions.readYaml("---\nname: x\n...\n", "f.yml").name()).isEqualTo("x");
    }

    @Test
    void contentAfterTheJsonValueIsAnError() {
        // Trailing garbage was accepted.
        assertThat(jsonError("{\"name\": \"x\"} garbage")).isEqualTo("f.json:1:15: Unrecognized token 'garbage': "
                + "was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')");
        assertThat(jsonError("{\"name\": \"x\"}\n{\"name\": \"y\"}"))
                .isEqualTo("f.json:2:1: Unexpected content after the end of the definition.");
        assertThat(Definitions.readJson("{\"name\": \"x\"}\n\n", "f.json").name()).isEqualTo("x");
    }

    // ---- parser limits ----------------------------------------------------------------------------------------

    @Test
    void nestingIsLimitedToAHundredLevels() {
        // The definition's map and 'vars' are two levels: 98 lists inside make 100.
        String deep = "name: x\nvars:\n  v: " + "[".repeat(98) + "]".repeat(98) + "\n";
        String tooDeep = "name: x\nvars:\n  v: " + "[".repeat(99) + "]".repeat(99) + "\n";

        assertThat(Definitions.readYaml(deep, "f.yml").vars()).containsKey("v");
        assertThat(yamlError(tooDeep)).isEqualTo("f.yml:3:104: Document nesting depth (101) exceeds the maximum "
                + "allowed (100).");
        assertThat(jsonError("{\"vars\": {\"v\": " + "[".repeat(99) + "]".repeat(99) + "}}"))
                .isEqualTo("f.json:1:114: Document nesting depth (101) exceeds the maximum allowed (100).");
    }

    @Test
    void aMillionTokensAtMost() {
        String many = "{\"name\": \"x\", \"vars\": {\"v\": [" + "0,".repeat(1_000_000) + "0]}}";

        assertThat(jsonError(many)).startsWith("f.json:1:").endsWith(": Token count (1000001) exceeds the maximum "
                + "allowed (1000000).");
    }

    @Test
    void textsAndKeysHaveAtMostAMebibyte() {
        // A literal block of 131072 lines of 7 characters: 1048575 characters with the line breaks.
        String fits = String.join("\n", java.util.Collections.nCopies(128 * 1024, "xxxxxxx"));
        String big = fits + "xx";
        String block = "name: x\nvars:\n  v: |-\n    ";

        assertThat(yamlError(block + big.replace("\n", "\n    ") + "\n")).isEqualTo("f.yml:3:6: A text of "
                + "1048577 characters is longer than the limit of 1048576.");
        assertThat(jsonError("{\"vars\": {\"v\": \"" + big.replace("\n", " ") + "\"}}")).isEqualTo("f.json:1:16: "
                + "A text of 1048577 characters is longer than the limit of 1048576.");
        assertThat(jsonError("{\"vars\": {\"" + big.replace("\n", " ") + "\": 1}}")).isEqualTo("f.json:1:11: A key "
                + "of 1048577 characters is longer than the limit of 1048576.");
        assertThat(Definitions.readYaml(block + fits.replace("\n", "\n    ") + "\n", "f.yml").vars().get("v"))
                .isEqualTo(fits);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void yamlLinesAreLimitedBeforeParsing() {
        // SnakeYAML's time grows with the square of a line's length: one line of 16 MiB took minutes, whether a
        // word, a comment or indentation.
        int length = 16 * 1024 * 1024 - 100;
        String line = "x".repeat(64 * 1024 - 6);

        assertThat(yamlError("name: x\nvars:\n  v: " + "x".repeat(length) + "\n")).isEqualTo("f.yml:3:1: A line of "
                + "more than 65536 characters; YAML definitions allow at most 65536 per line (JSON definitions have "
                + "no such limit).");
        assertThat(yamlError("name: x\n#" + "x ".repeat(length / 2) + "\n")).startsWith("f.yml:2:1: A line of more "
                + "than 65536 characters;");
        assertThat(yamlError("name: x\n" + " ".repeat(length) + "\n")).startsWith("f.yml:2:1: A line of more "
                + "than 65536 characters;");
        assertThat(Definitions.readYaml("name: x\nvars:\n  v: " + line + "\n", "f.yml").vars().get("v"))
                .isEqualTo(line);
        assertThat(Definitions.readJson("{\"vars\": {\"v\": \"" + line + line + "\"}}", "f.json").vars().get("v"))
                .isEqualTo(line + line);
    }

    @Test
    void numbersHaveAtMostAThousandDigits() {
        assertThat(jsonError("{\"vars\": {\"v\": " + "9".repeat(1001) + "}}")).isEqualTo("f.json:1:16: Number "
                + "value length (1001) exceeds the maximum allowed (1000).");
        assertThat(Definitions.readJson("{\"vars\": {\"v\": " + "9".repeat(1000) + "}}", "f.json").vars()
                .get("v")).isEqualTo(new java.math.BigDecimal("9".repeat(1000)));
    }

    // ---- field types ------------------------------------------------------------------------------------------

    @Test
    void everyTopLevelFieldHasItsType() {
        // A list-valued name printed as a Java record's toString ("[Located[value=a, line=1, column=8], ...]").
        assertThat(yamlError("name: [a, b]\n")).isEqualTo("f.yml:1:7: dataflow: 'name' must be text, not a list.");
        assertThat(yamlError("name: {a: 1}\n")).isEqualTo("f.yml:1:7: dataflow: 'name' must be text, not a map.");
        assertThat(yamlError("name: x\ndescription: [d]\n"))
                .isEqualTo("f.yml:2:14: dataflow: 'description' must be text, not a list.");
        assertThat(yamlError("name: x\nconfig: 5\n"))
                .isEqualTo("f.yml:2:9: dataflow: 'config' must be a map, not a number.");
        assertThat(yamlError("name: x\nconfig: [enabled]\n"))
                .isEqualTo("f.yml:2:9: dataflow: 'config' must be a map, not a list.");
        assertThat(yamlError("name: x\nvars: text\n"))
                .isEqualTo("f.yml:2:7: dataflow: Vars must form a YAML object (Define each var as <var>: <value>)");
        assertThat(yamlError("name: x\nsteps: true\n"))
                .isEqualTo("f.yml:2:8: dataflow: 'steps' must be a map of aliases to steps, not true or false.");
        Dataflow numbered = Definitions.readYaml("name: 2024\ndescription: 1.5\nsteps: {}\n", "f.yml");
        assertThat(numbered.name()).isEqualTo("2024");
        assertThat(numbered.description()).isEqualTo("1.5");
    }

    @Test
    void everyStepFieldHasItsType() {
        String head = "name: x\nsteps:\n  a:\n    type: t\n";
        assertThat(yamlError("name: x\nsteps:\n  a: [t]\n"))
                .isEqualTo("f.yml:3:6: a: A step must be a map with at least 'type', not a list.");
        assertThat(yamlError("name: x\nsteps:\n  a:\n    type: [t]\n"))
                .isEqualTo("f.yml:4:11: a: 'type' must be text, not a list.");
        assertThat(yamlError(head + "    name: {n: 1}\n")).isEqualTo("f.yml:5:11: a: 'name' must be text, not a map.");
        assertThat(yamlError(head + "    description: [d]\n"))
                .isEqualTo("f.yml:5:18: a: 'description' must be text, not a list.");
        assertThat(yamlError(head + "    config: [c]\n"))
                .isEqualTo("f.yml:5:13: a: The content provided is invalid YAML: 'config' must be a map, not a list.");
        assertThat(yamlError(head + "    vars: 5\n"))
                .isEqualTo("f.yml:5:11: a: The content provided is invalid YAML: 'vars' must be a map, not a number.");
        assertThat(yamlError(head + "    depends_on: {1: [b]}\n"))
                .isEqualTo("f.yml:5:21: a: Each item of 'depends_on' must be an alias, not a list.");
        assertThat(yamlError(head + "    depends_on: [[b]]\n"))
                .isEqualTo("f.yml:5:18: a: Each item of 'depends_on' must be an alias, not a list.");
        assertThat(yamlError(head + "    depends_on: [null]\n"))
                .isEqualTo("f.yml:5:18: a: Each item of 'depends_on' must be an alias, not empty.");
        assertThat(yamlError("name: x\nsteps:\n  - alias: [a]\n    type: t\n"))
                .isEqualTo("f.yml:3:12: dataflow: 'alias' must be text, not a list.");
        assertThat(yamlError("name: x\nsteps:\n  - name: {a: 1}\n    type: t\n"))
                .isEqualTo("f.yml:3:11: dataflow: 'name' must be text, not a map.");
        assertThat(yamlError(head + "    id: [1]\n")).isEqualTo("f.yml:5:9: a: 'id' must be text, not a list.");
        assertThat(Definitions.readYaml(head + "    name: 7\n    depends_on: []\n", "f.yml").step("a")
                .orElseThrow().name()).isEqualTo("7");
    }

    @Test
    void quotedTextInMessagesIsShortened() {
        String ref = "r".repeat(100_000);
        String message = jsonError("{\"name\": \"x\", \"steps\": {\"a\": {\"type\": \"t\", \"depends_on\": \"" + ref
                + "\"}}}");

        assertThat(message).isEqualTo("f.json:1:58: a: The step dependency \"" + "r".repeat(60)
                + "…\" does not exist.");
    }
}
