package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dataflows report STATE.json} and {@code dataflows run --report}: real runs, real Graphviz, the page as
 * written; and state files that are broken or hostile, which get one line of error and never a stack trace.
 */
class ReportCommandTest {

    private static final String SECRET = "Hunter2-report-secret";

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private Path failingFlow() throws IOException {
        return TestFlows.failing(dir);
    }

    private String stateDir() {
        return dir.resolve("state").toString();
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The page with the times, which differ from run to run, replaced by placeholders. */
    private static String timeless(String html) {
        return html.replaceAll("<td class=\"number\">\\d+</td><td class=\"number\">(\\d+\\.\\d %|–)</td>",
                "<td class=\"number\">MS</td><td class=\"number\">SHARE</td>");
    }

    @Test
    void runReportWritesThePageOfAnAbortedRunAndReportMakesTheSamePageFromTheStateFile() throws Exception {
        Path state = dir.resolve("state.json");
        Path page = dir.resolve("out/run.html");
        Path again = dir.resolve("again.html");

        CliResult run = CliResult.run("run", failingFlow().toString(), "--state-dir", stateDir(), "--state-out",
                state.toString(), "--report", page.toString());
        CliResult report = CliResult.run("report", state.toString(), "-o", again.toString());

        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("Run aborted: Dataflow aborted by step 'check' on record #2: Abort condition "
                + "met: ${{ record.a == 2 }}\n");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.err()).isEmpty();
        assertThat(report.out()).isEmpty();
        String html = read(page);
        assertThat(read(again)).isEqualTo(html);
        assertThat(timeless(html)).contains("<tbody>\n"
                        + "<tr class=\"status-aborted\"><td>read</td><td>test_source</td><td class=\"status\">aborted"
                        + "</td><td class=\"number\">0</td><td class=\"number\">2</td><td class=\"number\">MS</td>"
                        + "<td class=\"number\">SHARE</td></tr>\n"
                        + "<tr class=\"status-aborted\"><td>check</td><td>flow_abort</td><td class=\"status\">aborted"
                        + "</td><td class=\"number\">2</td><td class=\"number\">1</td><td class=\"number\">MS</td>"
                        + "<td class=\"number\">SHARE</td></tr>\n"
                        + "<tr class=\"status-aborted\"><td>sink</td><td>test_sink</td><td class=\"status\">aborted"
                        + "</td><td class=\"number\">1</td><td class=\"number\">1</td><td class=\"number\">MS</td>"
                        + "<td class=\"number\">SHARE</td></tr>\n"
                        + "<tr class=\"status-not_run\"><td>after</td><td>test_connector</td><td class=\"status\">"
                        + "not_run</td><td class=\"number\">0</td><td class=\"number\">0</td><td class=\"number\">MS"
                        + "</td><td class=\"number\">SHARE</td></tr>\n</tbody>")
                .contains("<p class=\"error\" id=\"error-message\">Dataflow aborted by step &#39;check&#39; on "
                        + "record #2: Abort condition met: ${{ record.a == 2 }}</p>\n<table id=\"failure\">\n"
                        + "<tr><th>Failed step</th><td>check</td></tr>\n"
                        + "<tr><th>Failed record (source row, from 1)</th><td>2</td></tr>")
                .contains("<tr><th>Status</th><td>aborted</td></tr>\n<tr><th>Run</th><td>1</td></tr>")
                .contains("<tr><td class=\"code\">steps.check.config.condition</td><td class=\"value\">"
                        + "&quot;${{ record.a == 2 }}&quot;</td></tr>")
                .doesNotContain("id=\"effects\"").doesNotContain("id=\"no-picture\"");
        // The picture: Graphviz's SVG inline, without the XML prolog, the failed step filled red.
        assertThat(html).contains("<section id=\"picture\">\n<h2>Flow</h2>\n<figure>\n<svg ")
                .contains("<title>check</title>").contains("fill=\"#f07676\"")
                .doesNotContain("<?xml").doesNotContain("<!DOCTYPE svg").doesNotContain("<!--");
    }

    @Test
    void aRunCancelledBySigtermStillWritesItsReport() throws Exception {
        Path flow = file("slow.yml", """
                name: slow
                steps:
                  wait:
                    type: test_slow
                    config: {millis: 600000, started: '%s'}
                  after:
                    type: test_connector
                    depends_on: wait
                """.formatted(dir.resolve("started")));
        Path page = dir.resolve("run.html");
        Process process = CliProcess.start(CliProcess.command(List.of("run", flow.toString(), "--state-dir",
                stateDir(), "--report", page.toString())), Map.of(), dir.resolve("process.out"),
                dir.resolve("process.err"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); // a hang guard, not a timing
            while (!Files.exists(dir.resolve("started"))) {
                assertThat(process.isAlive() && System.nanoTime() < deadline).as("the run started").isTrue();
                Thread.sleep(20);
            }
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }

        assertThat(process.exitValue()).isEqualTo(143);
        assertThat(timeless(read(page)))
                .contains("<tr><th>Status</th><td>cancelled</td></tr>")
                .contains("<p class=\"error\" id=\"error-message\">cancelled by a signal (SIGINT or SIGTERM)</p>\n"
                        + "<table id=\"failure\">\n<tr><th>Failed step</th><td>none</td></tr>")
                .contains("<tr class=\"status-cancelled\"><td>wait</td><td>test_slow</td>")
                .contains("<figure>\n<svg ");
    }

    @Test
    void aDryRunsReportAndStateFileListTheSkippedEffects() throws Exception {
        Path flow = file("dry.yml", """
                name: dry
                steps:
                  write:
                    type: connector_file_put_content
                    config:
                      path: out.txt
                      content: hello
                """);
        Path state = dir.resolve("state.json");
        Path page = dir.resolve("run.html");
        String target = dir.resolve("out.txt").toString();

        CliResult run = CliResult.run("run", flow.toString(), "--dry-run", "--state-dir", stateDir(), "--state-out",
                state.toString(), "--report", page.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.exists(dir.resolve("out.txt"))).isFalse();
        String json = read(state);
        assertThat(json.substring(json.indexOf("    \"effects\""), json.indexOf("    \"variables\""))).isEqualTo("""
                    "effects": [
                        {
                            "step": "write",
                            "kind": "write",
                            "target": "%s",
                            "description": "would write %s"
                        }
                    ],
                """.formatted(target, target));
        assertThat(read(page)).contains("<tr><th>Dry run</th><td>yes</td></tr>")
                .contains("<tbody>\n<tr><td>write</td><td>write</td><td class=\"code\">" + target + "</td>"
                        + "<td>would write " + target + "</td></tr>\n</tbody>");
    }

    @Test
    void noSecretReachesThePage() throws Exception {
        Path flow = file("leaky.yml", """
                name: leaky
                vars:
                  wrapped: '${{ "x-" ~ vars.pw }}'
                steps:
                  use:
                    type: test_connector
                    config:
                      secret: '${{ dataflow.vars.wrapped }}'
                      value: '${{ secrets.token }}'
                      outcome: fail
                """);
        Path state = dir.resolve("state.json");
        Path page = dir.resolve("run.html");
        Path again = dir.resolve("again.html");

        CliResult run = CliResult.run("run", flow.toString(), "--var", "pw=" + SECRET, "--secret",
                "token=@" + file("token.txt", "token-" + SECRET), "--state-dir", stateDir(), "--state-out",
                state.toString(), "--report", page.toString());
        CliResult report = CliResult.run("report", state.toString(), "-o", again.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(report.exit()).as(report.err()).isZero();
        for (Path html : new Path[] {page, again}) {
            assertThat(read(html)).doesNotContain(SECRET)
                    .contains("<p class=\"error\" id=\"error-message\">Step &#39;use&#39; (test_connector) failed: "
                            + "boom with *****</p>")
                    .contains("<tr><td class=\"code\">dataflow.vars.pw</td><td class=\"value\">&quot;*****&quot;"
                            + "</td></tr>")
                    .contains("<tr><td class=\"code\">dataflow.vars.wrapped</td><td class=\"value\">&quot;*****"
                            + "&quot;</td></tr>");
        }
    }

    @Test
    void markupInNamesMessagesAndVariablesShowsAsTextInTheTablesAndThePicture() throws Exception {
        Path flow = file("hostile.yml", """
                name: hostile
                vars:
                  evil: '<script>alert(1)</script>'
                steps:
                  read:
                    name: '<script>alert(2)</script>'
                    type: test_source
                    config:
                      source: [{a: '<b>'}]
                  check:
                    type: flow_abort
                    depends_on: read
                    config:
                      condition: '${{ record.a == "<b>" }}'
                """);
        Path page = dir.resolve("run.html");

        CliResult run = CliResult.run("run", flow.toString(), "--state-dir", stateDir(), "--report",
                page.toString());

        assertThat(run.exit()).isEqualTo(1);
        String html = read(page);
        assertThat(html).doesNotContain("<script").doesNotContain("<b>")
                .contains("<tr><td class=\"code\">dataflow.vars.evil</td><td class=\"value\">&quot;&lt;script&gt;"
                        + "alert(1)&lt;/script&gt;&quot;</td></tr>")
                .contains("<p class=\"error\" id=\"error-message\">Dataflow aborted by step &#39;check&#39; on "
                        + "record #1: Abort condition met: ${{ record.a == &quot;&lt;b&gt;&quot; }}</p>")
                .contains("<figure>\n<svg ").contains("&lt;script&gt;alert(2)&lt;/script&gt;");
    }

    @Test
    void withoutGraphvizThePageSaysWhyInPlaceOfThePictureAndTheCommandWarns() throws Exception {
        Path state = dir.resolve("state.json");
        CliResult run = CliResult.run("run", failingFlow().toString(), "--state-dir", stateDir(), "--state-out",
                state.toString());
        String noDot = dir.resolve("no-such-dot").toString();
        Path page = dir.resolve("run.html");

        CliResult report = CliResult.run("report", state.toString(), "--graphviz", noDot, "-o", page.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(report.exit()).isZero();
        String why = "Graphviz \"" + noDot + "\" could not be run, so the flow is not drawn. Install Graphviz to "
                + "render images: apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS), or see "
                + "https://graphviz.org/download/.";
        assertThat(report.err()).isEqualTo("warning: " + why + "\n");
        assertThat(read(page)).contains("<section id=\"picture\">\n<h2>Flow</h2>\n<p class=\"note\" "
                        + "id=\"no-picture\">" + HtmlReport.escape(why) + "</p>\n</section>")
                .doesNotContain("<svg").contains("<tr class=\"status-aborted\"><td>check</td>");
    }

    @Test
    void runReportWithoutGraphvizOnThePathStillWritesThePageAndKeepsTheExitCode() throws Exception {
        Path flow = file("ok.yml", "name: ok\nsteps:\n  a: {type: test_connector}\n");
        Path page = dir.resolve("run.html");
        String javaOnly = Path.of(System.getProperty("java.home"), "bin").toString();

        CliResult run = CliProcess.run(dir, Map.of("PATH", javaOnly), "run", flow.toString(), "--quiet",
                "--state-dir", stateDir(), "--report", page.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.err()).isEqualTo("warning: Graphviz \"dot\" could not be run, so the flow is not drawn. "
                + "Install Graphviz to render images: apt-get install graphviz (Debian/Ubuntu), brew install "
                + "graphviz (macOS), or see https://graphviz.org/download/.\n");
        assertThat(read(page)).contains("id=\"no-picture\"").contains("<tr class=\"status-finalised\"><td>a</td>");
    }

    @Test
    void withoutOutputThePageGoesToStandardOutput() throws Exception {
        Path state = file("state.json", """
                {"dataflow": "hand", "status": "finalised", "steps": {"a": {"status": "finalised", "recordsin": 0,
                 "recordsout": 0, "millis": 5}}}
                """);

        CliResult report = CliResult.run("report", state.toString());

        assertThat(report.exit()).isZero();
        assertThat(report.err()).isEqualTo("warning: The flow is not drawn: the state file does not hold the flow's "
                + "steps (variables.steps).\n");
        assertThat(report.out()).startsWith("<!DOCTYPE html>\n").endsWith("</html>\n")
                .contains("<tr class=\"status-finalised\"><td>a</td><td></td><td class=\"status\">finalised</td>"
                        + "<td class=\"number\">0</td><td class=\"number\">0</td><td class=\"number\">5</td>"
                        + "<td class=\"number\">100.0 %</td></tr>");
    }

    @Test
    void stepsThatDoNotMakeADataflowGiveAPageWithoutPicture() throws Exception {
        Path state = file("state.json", """
                {"dataflow": "x", "steps": {"b": {"status": "finalised"}},
                 "variables": {"steps": {"b": {"type": "test_sink", "depends_on": ["zzz"]}}}}
                """);

        CliResult report = CliResult.run("report", state.toString());

        assertThat(report.exit()).isZero();
        assertThat(report.err()).isEqualTo("warning: The flow is not drawn: the flow's steps in the state file do not "
                + "make a dataflow: step 'b': The step dependency \"zzz\" does not exist.\n");
        assertThat(report.out()).contains("id=\"no-picture\"").contains("<td>b</td><td>test_sink</td>");
    }

    @Test
    void brokenOrHostileStateFilesAreOneLineOfErrorWithExitTwo() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{", "Not valid JSON: Unexpected end-of-input: expected close marker for Object (line 1, column 2).");
        cases.put("[1]", "Not a run state: the document must be a JSON object.");
        cases.put("{\"a\": 1, \"a\": 2}", "Not valid JSON: Duplicate field 'a' (line 1, column 13).");
        cases.put("{\"steps\": []}", "Not a run state: \"steps\" must be an object.");
        cases.put("{\"steps\": {\"a\": 1}}", "Not a run state: \"steps.a\" must be an object.");
        cases.put("{\"effects\": {}}", "Not a run state: \"effects\" must be an array.");
        cases.put("{\"effects\": [\"x\"]}", "Not a run state: \"effects[0]\" must be an object.");
        cases.put("{\"variables\": 3}", "Not a run state: \"variables\" must be an object.");
        cases.put("{\"run\": \"1\"}", "Not a run state: \"run\" must be an object.");
        cases.put("{\"v\": " + "[".repeat(500) + "]".repeat(500) + "}",
                "Not a run state: it is nested more than 200 levels deep.");
        int n = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path state = file("case" + n++ + ".json", c.getKey());

            CliResult r = CliResult.run("report", state.toString());

            assertThat(r.exit()).as(c.getKey()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).as(c.getKey()).isEqualTo(state + ": " + c.getValue() + "\n");
        }
    }

    @Test
    void unreadableFilesAreOneLineOfErrorWithExitTwo() throws Exception {
        Path notUtf8 = dir.resolve("latin1.json");
        Files.write(notUtf8, new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xe9, '"', '}'});
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(RunStateFile.MAX_BYTES + 1L);
        }
        Path missing = dir.resolve("missing.json");

        assertThat(CliResult.run("report", notUtf8.toString()))
                .isEqualTo(new CliResult(2, "", notUtf8 + ": The run state is not UTF-8 text.\n"));
        assertThat(CliResult.run("report", huge.toString()))
                .isEqualTo(new CliResult(2, "", huge + ": The run state is larger than 64 MiB; it is not read.\n"));
        assertThat(CliResult.run("report", missing.toString()))
                .isEqualTo(new CliResult(2, "", missing + ": No such file.\n"));
        assertThat(CliResult.run("report", dir.toString()))
                .isEqualTo(new CliResult(2, "", dir + ": This is a directory, not a run state file.\n"));
        assertThat(CliResult.run("report", "/dev/zero"))
                .isEqualTo(new CliResult(2, "", "/dev/zero: This is not a regular file (a FIFO, device or socket); "
                        + "a run state must be a regular file.\n"));
    }

    @Test
    void anOutputThatCanNeverBeWrittenIsAUsageErrorBeforeAnythingHappens() throws Exception {
        Path state = file("state.json", "{}");
        Path flow = file("ok.yml", "name: ok\nsteps:\n  a: {type: test_connector}\n");
        Path target = Files.createDirectory(dir.resolve("a-directory"));

        CliResult report = CliResult.run("report", state.toString(), "-o", target.toString());
        CliResult run = CliResult.run("run", flow.toString(), "--state-dir", stateDir(), "--report",
                target.toString());

        assertThat(report).isEqualTo(new CliResult(64, "", "Invalid value for --output: cannot write the report to "
                + target + ": it is a directory; nothing was written.\n"));
        assertThat(run).isEqualTo(new CliResult(64, "", "Invalid value for --report: cannot write the report to "
                + target + ": it is a directory; nothing ran.\n"));
        assertThat(Files.exists(dir.resolve("state"))).isFalse();
    }
}
