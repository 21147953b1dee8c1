package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report in a real browser: headless Chromium loads the page from disk, and the DOM it built and the picture it
 * painted are checked — the inline SVG parsed as SVG, markup from the run still text, the status colours painted.
 * The screenshot is kept as {@code target/report.png}. Without {@code chromium} on the {@code PATH} the test is
 * skipped, except in CI ({@code CI=true}), where it fails: CI must look at the page in a browser.
 */
class ReportBrowserTest {

    /** The fill of an aborted step, in the table and in the picture. */
    private static final int ABORTED = 0xf07676;
    /** The fill of a step that never ran, only in the picture (its table cell has no colour). */
    private static final int NOT_RUN = 0xe9e7e7;

    @TempDir
    Path dir;

    private Path chromium;

    @BeforeEach
    void findChromium() {
        chromium = onPath("chromium");
        if (chromium == null) {
            String why = "chromium is not on the PATH (apt-get install chromium)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI must test the report in a browser: " + why);
            }
            Assumptions.abort("Skipping the browser test: " + why);
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs headless Chromium on {@code page} with {@code what} ({@code --dump-dom}, {@code --screenshot=...}). */
    private String browse(Path page, String what) throws Exception {
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--user-data-dir=" + dir.resolve("profile"),
                "--window-size=1280,1600", what, page.toUri().toString()));
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("chromium did not end within two minutes");
        }
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    @Test
    void chromiumShowsThePictureTheTablesAndMarkupAsText() throws Exception {
        Path flow = dir.resolve("hostile.yml");
        Files.writeString(flow, """
                name: hostile
                vars:
                  evil: '<script>document.title=1</script>'
                steps:
                  read:
                    name: '<img src=x onerror=alert(1)>'
                    type: test_source
                    config:
                      source: [{a: 1}, {a: 2}]
                  check:
                    type: flow_abort
                    depends_on: read
                    config:
                      condition: '${{ record.a == 2 }}'
                  after:
                    type: test_connector
                    depends_on: check
                """);
        Path page = dir.resolve("run.html");
        CliResult run = CliResult.run("run", flow.toString(), "--state-dir", dir.resolve("state").toString(),
                "--report", page.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);

        String dom = browse(page, "--dump-dom");
        Path screenshot = Path.of("target", "report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        browse(page, "--screenshot=" + screenshot);

        // The DOM Chromium built: the title is the page's, no script or image element came from the run's text.
        assertThat(dom).contains("<title>Run 1 of hostile</title>")
                .doesNotContain("<script").doesNotContain("<img")
                .contains("&lt;script&gt;document.title=1&lt;/script&gt;")
                .contains("&lt;img src=x onerror=alert(1)&gt;")
                .contains("<tr class=\"status-aborted\"><td>check</td><td>flow_abort</td><td class=\"status\">"
                        + "aborted</td><td class=\"number\">2</td><td class=\"number\">1</td>")
                .contains("<tr><th>Failed step</th><td>check</td></tr>")
                .contains("<tr><th>Failed record (source row, from 1)</th><td>2</td></tr>");
        // The inline SVG was parsed as SVG: Graphviz's node groups are inside it.
        assertThat(dom.substring(dom.indexOf("<figure>"), dom.indexOf("</figure>")))
                .contains("<svg ").contains("<g id=\"node1\" class=\"node\">").contains("<title>check</title>");
        // What was painted: the aborted fill (table and picture) and the not-run fill (picture only).
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image).isNotNull();
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                colours.add(image.getRGB(x, y) & 0xffffff);
            }
        }
        assertThat(colours).contains(ABORTED, NOT_RUN);
    }

    @Test
    void aPageWithoutPictureShowsTheNoteInstead() throws Exception {
        Path state = dir.resolve("state.json");
        Files.writeString(state, """
                {"dataflow": "hand", "status": "finalised", "steps": {"a": {"status": "finalised", "recordsin": 0,
                 "recordsout": 0, "millis": 5}}}
                """);
        Path page = dir.resolve("run.html");
        CliResult report = CliResult.run("report", state.toString(), "-o", page.toString());
        assertThat(report.exit()).as(report.err()).isZero();

        String dom = browse(page, "--dump-dom");

        assertThat(dom).contains("<p class=\"note\" id=\"no-picture\">The flow is not drawn: the state file does not "
                        + "hold the flow's steps (variables.steps).</p>")
                .doesNotContain("<svg").contains("<td class=\"number\">100.0 %</td>");
    }
}
