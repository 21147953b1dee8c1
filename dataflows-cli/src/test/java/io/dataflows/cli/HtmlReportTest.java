package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page made of a run state document: exact cells, escaping, and what is shown only when it applies. */
class HtmlReportTest {

    private static final ReportPicture NO_PICTURE = ReportPicture.missing("No picture in this test.");

    /** A document like the one {@code --state-out} writes, keys in the same order. */
    private static Map<String, Object> document(String status, boolean dryRun) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("dataflow", "orders");
        doc.put("run", new LinkedHashMap<>(Map.of("id", "0b5d-id", "name", "7", "dryrun", dryRun)));
        doc.put("status", status);
        doc.put("error", null);
        doc.put("failedstep", null);
        doc.put("failedrecord", null);
        Map<String, Object> steps = new LinkedHashMap<>();
        steps.put("read", step("finalised", 0, 3, 30));
        steps.put("check", step("finalised", 3, 3, 10));
        steps.put("save", step("finalised", 3, 0, 60));
        doc.put("steps", steps);
        doc.put("effects", new ArrayList<>());
        Map<String, Object> stepVars = new LinkedHashMap<>();
        stepVars.put("read", Map.of("type", "reader_csv"));
        stepVars.put("check", Map.of("type", "flow_abort"));
        stepVars.put("save", Map.of("type", "writer_stream"));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("global", Map.of("vars", Map.of()));
        variables.put("dataflow", new LinkedHashMap<>(Map.of("vars", new LinkedHashMap<>(Map.of("limit", 10)))));
        variables.put("run", Map.of("startedat", "2026-12-03T05:00:00Z"));
        variables.put("steps", stepVars);
        doc.put("variables", variables);
        return doc;
    }

    private static Map<String, Object> step(String status, long in, long out, long millis) {
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("status", status);
        step.put("recordsin", in);
        step.put("recordsout", out);
        step.put("millis", millis);
        return step;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void theStepTableHasOneRowPerStepWithItsShareOfTheSummedTime() {
        String html = HtmlReport.render(document("finalised", false), NO_PICTURE);

        assertThat(html).contains("<thead><tr><th>Step</th><th>Type</th><th>Status</th><th>Records in</th>"
                + "<th>Records out</th><th>Time (ms)</th><th>Share of time</th></tr></thead>\n<tbody>\n"
                + "<tr class=\"status-finalised\"><td>read</td><td>reader_csv</td><td class=\"status\">finalised</td>"
                + "<td class=\"number\">0</td><td class=\"number\">3</td><td class=\"number\">30</td>"
                + "<td class=\"number\">30.0 %</td></tr>\n"
                + "<tr class=\"status-finalised\"><td>check</td><td>flow_abort</td><td class=\"status\">finalised</td>"
                + "<td class=\"number\">3</td><td class=\"number\">3</td><td class=\"number\">10</td>"
                + "<td class=\"number\">10.0 %</td></tr>\n"
                + "<tr class=\"status-finalised\"><td>save</td><td>writer_stream</td>"
                + "<td class=\"status\">finalised</td><td class=\"number\">3</td><td class=\"number\">0</td>"
                + "<td class=\"number\">60</td><td class=\"number\">60.0 %</td></tr>\n</tbody>");
        assertThat(html).contains("Share: the step's time as a percentage of the sum of all steps' times (100 ms).");
    }

    @Test
    void withNoTimeAtAllTheShareIsADash() {
        Map<String, Object> doc = document("finalised", false);
        for (Object step : map(doc.get("steps")).values()) {
            map(step).put("millis", 0L);
        }

        String html = HtmlReport.render(doc, NO_PICTURE);

        assertThat(html).contains("<td class=\"number\">0</td><td class=\"number\">–</td></tr>")
                .contains("sum of all steps' times (0 ms)").doesNotContain("NaN");
    }

    @Test
    void theSummaryShowsTheRunAndTheMissingPictureIsANote() {
        String html = HtmlReport.render(document("finalised", false), NO_PICTURE);

        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .contains("<title>Run 7 of orders</title>")
                .contains("<h1>Run of dataflow <span id=\"dataflow\">orders</span></h1>\n<table id=\"summary\">\n"
                        + "<tr><th>Status</th><td>finalised</td></tr>\n<tr><th>Run</th><td>7</td></tr>\n"
                        + "<tr><th>Run id</th><td>0b5d-id</td></tr>\n<tr><th>Dry run</th><td>no</td></tr>\n"
                        + "<tr><th>Started at</th><td>2026-12-03T05:00:00Z</td></tr>\n</table>\n")
                .contains("<p class=\"note\" id=\"no-picture\">No picture in this test.</p>")
                .doesNotContain("<figure>")
                .endsWith("</body>\n</html>\n");
    }

    @Test
    void aFinalisedRealRunHasNoErrorAndNoEffectsSection() {
        String html = HtmlReport.render(document("finalised", false), NO_PICTURE);

        assertThat(html).doesNotContain("id=\"error\"").doesNotContain("id=\"effects\"")
                .contains("<section id=\"steps\">").contains("<section id=\"variables\">");
    }

    @Test
    void theErrorNamesTheFailedStepAndTheSourceRecord() {
        Map<String, Object> doc = document("aborted", false);
        doc.put("error", "Dataflow aborted by step 'check' on record #2: Abort condition met");
        doc.put("failedstep", "check");
        doc.put("failedrecord", 2L);
        map(map(doc.get("steps")).get("check")).put("status", "aborted");

        String html = HtmlReport.render(doc, NO_PICTURE);

        assertThat(html).contains("<section id=\"error\">\n<h2>Error</h2>\n<p class=\"error\" id=\"error-message\">"
                        + "Dataflow aborted by step &#39;check&#39; on record #2: Abort condition met</p>\n"
                        + "<table id=\"failure\">\n<tr><th>Failed step</th><td>check</td></tr>\n"
                        + "<tr><th>Failed record (source row, from 1)</th><td>2</td></tr>\n</table>\n</section>")
                .contains("<tr class=\"status-aborted\"><td>check</td>");
    }

    @Test
    void anErrorOutsideAnyRecordSaysNone() {
        Map<String, Object> doc = document("cancelled", false);
        doc.put("error", "cancelled by a signal");

        String html = HtmlReport.render(doc, NO_PICTURE);

        assertThat(html).contains("<tr><th>Failed step</th><td>none</td></tr>\n"
                + "<tr><th>Failed record (source row, from 1)</th><td>none</td></tr>");
    }

    @Test
    void aDryRunListsTheEffectsItSkipped() {
        Map<String, Object> doc = document("finalised", true);
        Map<String, Object> effect = new LinkedHashMap<>();
        effect.put("step", "save");
        effect.put("kind", "write");
        effect.put("target", "/out/orders.json");
        effect.put("description", "would write /out/orders.json");
        Map<String, Object> wait = new LinkedHashMap<>();
        wait.put("step", "check");
        wait.put("kind", "wait");
        wait.put("target", null);
        wait.put("description", "would wait 2 s");
        doc.put("effects", List.of(effect, wait));

        String html = HtmlReport.render(doc, NO_PICTURE);

        assertThat(html).contains("<tr><th>Dry run</th><td>yes</td></tr>")
                .contains("<section id=\"effects\">\n<h2>Effects skipped by the dry run</h2>\n"
                        + "<table id=\"effect-table\">\n<thead><tr><th>Step</th><th>Kind</th><th>Target</th>"
                        + "<th>Description</th></tr></thead>\n<tbody>\n"
                        + "<tr><td>save</td><td>write</td><td class=\"code\">/out/orders.json</td>"
                        + "<td>would write /out/orders.json</td></tr>\n"
                        + "<tr><td>check</td><td>wait</td><td class=\"code\"></td><td>would wait 2 s</td></tr>\n"
                        + "</tbody>\n</table>\n</section>");
    }

    @Test
    void aDryRunWithoutEffectsSaysSo() {
        String html = HtmlReport.render(document("finalised", true), NO_PICTURE);

        assertThat(html).contains("<section id=\"effects\">\n<h2>Effects skipped by the dry run</h2>\n"
                + "<p>None: the dry run skipped no effect.</p>\n</section>");
    }

    @Test
    void variablesAreOneJsonValueARowNamedByTheirPath() {
        Map<String, Object> doc = document("finalised", false);
        Map<String, Object> vars = map(map(map(doc.get("variables")).get("dataflow")).get("vars"));
        vars.put("list", List.of("a", 2, Map.of()));
        vars.put("password", "*****");
        vars.put("nothing", null);

        String html = HtmlReport.render(doc, NO_PICTURE);

        assertThat(html).contains("<tr><td class=\"code\">global.vars</td><td class=\"value\">{}</td></tr>\n"
                + "<tr><td class=\"code\">dataflow.vars.limit</td><td class=\"value\">10</td></tr>\n"
                + "<tr><td class=\"code\">dataflow.vars.list[0]</td><td class=\"value\">&quot;a&quot;</td></tr>\n"
                + "<tr><td class=\"code\">dataflow.vars.list[1]</td><td class=\"value\">2</td></tr>\n"
                + "<tr><td class=\"code\">dataflow.vars.list[2]</td><td class=\"value\">{}</td></tr>\n"
                + "<tr><td class=\"code\">dataflow.vars.password</td><td class=\"value\">&quot;*****&quot;</td></tr>\n"
                + "<tr><td class=\"code\">dataflow.vars.nothing</td><td class=\"value\">null</td></tr>\n"
                + "<tr><td class=\"code\">run.startedat</td>");
    }

    @Test
    void markupInAnyTextShowsAsText() {
        String hostile = "<script>alert('x')</script>";
        String escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;";
        Map<String, Object> doc = document("aborted", true);
        doc.put("dataflow", hostile);
        doc.put("error", "failed: " + hostile);
        doc.put("failedstep", hostile);
        doc.put("failedrecord", hostile);
        map(doc.get("run")).put("name", hostile);
        map(doc.get("steps")).put(hostile, step("a\"b<c", 1, 1, 1));
        map(map(map(doc.get("variables")).get("dataflow")).get("vars")).put(hostile, hostile);
        Map<String, Object> effect = new LinkedHashMap<>();
        effect.put("step", hostile);
        effect.put("kind", hostile);
        effect.put("target", hostile);
        effect.put("description", hostile);
        doc.put("effects", List.of(effect));

        String html = HtmlReport.render(doc, ReportPicture.missing(hostile));

        assertThat(html).doesNotContain("<script").doesNotContain("alert('x')")
                .contains("<title>Run " + escaped + " of " + escaped + "</title>")
                .contains("<span id=\"dataflow\">" + escaped + "</span>")
                .contains("<p class=\"error\" id=\"error-message\">failed: " + escaped + "</p>")
                .contains("<tr><th>Failed step</th><td>" + escaped + "</td></tr>")
                .contains("<tr><th>Failed record (source row, from 1)</th><td>" + escaped + "</td></tr>")
                .contains("<tr class=\"status-a_b_c\"><td>" + escaped + "</td><td></td>"
                        + "<td class=\"status\">a&quot;b&lt;c</td>")
                .contains("<tr><td>" + escaped + "</td><td>" + escaped + "</td><td class=\"code\">" + escaped
                        + "</td><td>" + escaped + "</td></tr>")
                .contains("<tr><td class=\"code\">dataflow.vars." + escaped + "</td><td class=\"value\">&quot;"
                        + escaped + "&quot;</td></tr>")
                .contains("<p class=\"note\" id=\"no-picture\">" + escaped + "</p>");
    }

    @Test
    void thePageLoadsNothingAndRunsNothing() {
        String html = HtmlReport.render(document("finalised", true), NO_PICTURE);

        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                        + "style-src 'unsafe-inline'\">")
                .doesNotContain("<script").doesNotContain("<link").doesNotContain("src=").doesNotContain("url(")
                .doesNotContain("@import").doesNotContain("http:").doesNotContain("https:");
    }

    @Test
    void valuesOfTheWrongTypeFromAHandWrittenFileAreShownNotTrusted() {
        Map<String, Object> doc = document("finalised", false);
        map(map(doc.get("steps")).get("read")).put("millis", "lots");
        map(map(doc.get("steps")).get("read")).put("recordsin", List.of(1, 2));

        String html = HtmlReport.render(doc, NO_PICTURE);

        assertThat(html).contains("<tr class=\"status-finalised\"><td>read</td><td>reader_csv</td>"
                + "<td class=\"status\">finalised</td><td class=\"number\">[1,2]</td><td class=\"number\">3</td>"
                + "<td class=\"number\">lots</td><td class=\"number\">0.0 %</td></tr>")
                .contains("sum of all steps' times (70 ms)");
    }

    @Test
    void escapeReplacesTheFiveMarkupCharacters() {
        assertThat(HtmlReport.escape("a & b < c > d \" e ' f")).isEqualTo(
                "a &amp; b &lt; c &gt; d &quot; e &#39; f");
        assertThat(HtmlReport.escape("plain")).isEqualTo("plain");
    }
}
