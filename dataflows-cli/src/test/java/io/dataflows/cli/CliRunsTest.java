package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dataflows runs}: the run history of a state directory, newest first, as a table or JSON lines. */
class CliRunsTest {

    @TempDir
    Path dir;

    private Path flow(String name, String steps) throws IOException {
        Path f = dir.resolve(name + ".yml");
        Files.writeString(f, "name: " + name + "\nsteps:\n" + steps);
        return f;
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String line) throws IOException {
        return JsonMapper.builder().build().readValue(line, Map.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsEveryRunNewestFirstAsJsonLinesWithTheDocumentedKeys() throws Exception {
        Path good = flow("good", "  a: {type: test_connector}\n");
        Path bad = flow("bad", "  stop: {type: connector_abort}\n");
        assertThat(CliResult.run("run", good.toString(), "--state-dir", state()).exit()).isZero();
        assertThat(CliResult.run("run", bad.toString(), "--state-dir", state()).exit()).isEqualTo(1);
        assertThat(CliResult.run("run", good.toString(), "--state-dir", state()).exit()).isZero();

        CliResult r = CliResult.run("runs", "--json", "--state-dir", state());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        Map<String, Object> newest = json(lines.get(0));
        assertThat(newest.keySet()).containsExactly("id", "flow", "status", "trigger", "startedat", "endedat",
                "error", "failedstep", "failedrecord", "steps");
        assertThat(newest).containsEntry("flow", "good").containsEntry("status", "finalised")
                .containsEntry("trigger", "manual").containsEntry("error", null)
                .containsEntry("failedstep", null).containsEntry("failedrecord", null);
        assertThat((Map<String, Object>) newest.get("steps")).containsOnlyKeys("a");
        assertThat(((Map<String, Map<String, Object>>) newest.get("steps")).get("a"))
                .containsEntry("status", "finalised").containsEntry("recordsin", 0).containsEntry("recordsout", 0)
                .containsKey("millis");
        assertThat((String) newest.get("id")).matches("[0-9a-f-]{36}");
        assertThat((String) newest.get("startedat")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat((String) newest.get("endedat")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        Map<String, Object> middle = json(lines.get(1));
        assertThat(middle).containsEntry("flow", "bad").containsEntry("status", "aborted");
        assertThat((String) middle.get("error")).isNotBlank();
        assertThat(((Map<String, Map<String, Object>>) middle.get("steps")).get("stop"))
                .containsEntry("status", "aborted");
        assertThat(json(lines.get(2))).containsEntry("flow", "good");
        assertThat((String) json(lines.get(2)).get("startedat"))
                .isLessThanOrEqualTo((String) newest.get("startedat"));
    }

    @Test
    void filtersByFlowAndLimits() throws Exception {
        Path good = flow("good", "  a: {type: test_connector}\n");
        Path other = flow("other", "  a: {type: test_connector}\n");
        for (Path f : List.of(good, other, good)) {
            assertThat(CliResult.run("run", f.toString(), "--state-dir", state()).exit()).isZero();
        }

        CliResult onlyGood = CliResult.run("runs", "good", "--json", "--state-dir", state());
        CliResult one = CliResult.run("runs", "--limit", "1", "--json", "--state-dir", state());

        assertThat(onlyGood.out().lines().map(l -> l.contains("\"flow\":\"good\""))).containsExactly(true, true);
        assertThat(one.out().lines().toList()).hasSize(1);
    }

    @Test
    void printsATableWithAHeaderLine() throws Exception {
        Path bad = flow("bad", "  stop: {type: connector_abort}\n");
        CliResult.run("run", bad.toString(), "--state-dir", state());

        CliResult r = CliResult.run("runs", "--state-dir", state());

        assertThat(r.exit()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("RUN").contains("FLOW", "STATUS", "TRIGGER", "STARTED", "DURATION",
                "ERROR");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains(" bad ", " aborted ", " manual ").matches(".* \\d+\\.\\d{3}s .*");
    }

    @Test
    void anUnusedStateDirectoryHasNoRunsAndIsNotCreated() {
        CliResult table = CliResult.run("runs", "--state-dir", state());
        CliResult json = CliResult.run("runs", "--json", "--state-dir", state());

        assertThat(table.exit()).isZero();
        assertThat(table.out()).isEqualTo("No runs." + System.lineSeparator());
        assertThat(json.out()).isEmpty();
        assertThat(Files.exists(dir.resolve("state"))).isFalse();
    }

    @Test
    void aLimitOutOfRangeIsAUsageError() {
        CliResult r = CliResult.run("runs", "--limit", "0", "--state-dir", state());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Invalid value for --limit: 0 (1 to 100000)");
    }

    @Test
    void durationsReadLikeAClock() {
        java.time.Instant t = java.time.Instant.parse("2026-01-01T00:00:00Z");
        assertThat(RunsCommand.duration(t, t.plusMillis(1234))).isEqualTo("1.234s");
        assertThat(RunsCommand.duration(t, t.plusSeconds(723))).isEqualTo("12m03s");
        assertThat(RunsCommand.duration(t, t.plusSeconds(3 * 3600 + 120))).isEqualTo("3h02m");
        assertThat(RunsCommand.duration(t, null)).isEqualTo("-");
    }
}
