package io.dataflows.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML page of a run: one self-contained file — inline CSS, the picture as inline SVG, no script, no external
 * stylesheet, font or image — made from a run state document (docs/semantics.md, "Run state file") and the
 * {@link ReportPicture}. It shows the run's outcome, the picture (or why there is none), the error with the failed
 * step and record, a table of the steps (status, records in and out, time and share of the steps' summed time), the
 * effects a dry run skipped and the variables. What the page shows is described in docs/report.md.
 *
 * <p>Every text from the document is escaped, so a name or message holding markup shows as text; a
 * Content-Security-Policy forbids scripts and outside resources besides. Secrets are not looked for here: the
 * document's variables and messages are redacted when the run ends, before they reach a state file or this page.
 */
final class HtmlReport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Below this, a variable tree is shown as a placeholder: deeper trees are not read from state files. */
    private static final int MAX_DEPTH = RunStateFile.MAX_DEPTH;

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em;color:#212529;}
            h1{font-size:1.5em;margin-bottom:.3em;}
            h2{font-size:1.15em;margin-top:1.8em;border-bottom:1px solid #dee2e6;padding-bottom:.2em;}
            table{border-collapse:collapse;margin:.5em 0;}
            th,td{border:1px solid #dee2e6;padding:.25em .6em;text-align:left;vertical-align:top;}
            th{background:#f1f3f5;}
            td.number{text-align:right;font-variant-numeric:tabular-nums;}
            td.value,td.code{font-family:ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;\
            word-break:break-all;}
            .note{background:#fff3cd;border:1px solid #ffe69c;padding:.5em .8em;}
            .error{background:#f8d7da;border:1px solid #f1aeb5;padding:.5em .8em;white-space:pre-wrap;}
            figure{margin:0;overflow:auto;}
            figure svg{max-width:100%;height:auto;}
            tr.status-processing td.status,tr.status-flowing td.status{background:#ffe066;}
            tr.status-finished td.status,tr.status-finalised td.status{background:#64d796;}
            tr.status-cancelled td.status{background:#f8f9fa;}
            tr.status-aborted td.status{background:#f07676;}
            """;

    private HtmlReport() {
    }

    /** The page of {@code document} with {@code picture}. */
    static String render(Map<String, Object> document, ReportPicture picture) {
        StringBuilder html = new StringBuilder(16 * 1024);
        String dataflow = text(document.get("dataflow"));
        Map<?, ?> run = document.get("run") instanceof Map<?, ?> m ? m : Map.of();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
                .append("style-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape("Run " + text(run.get("name")) + " of " + dataflow))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n")
                .append("<h1>Run of dataflow <span id=\"dataflow\">").append(escape(dataflow))
                .append("</span></h1>\n");
        summary(html, document, run);
        picture(html, picture);
        error(html, document);
        steps(html, document);
        effects(html, document, run);
        variables(html, document);
        return html.append("</body>\n</html>\n").toString();
    }

    private static void summary(StringBuilder html, Map<String, Object> document, Map<?, ?> run) {
        Object startedAt = path(document, "variables", "run", "startedat");
        html.append("<table id=\"summary\">\n");
        row(html, "Status", text(document.get("status")));
        row(html, "Run", text(run.get("name")));
        row(html, "Run id", text(run.get("id")));
        row(html, "Dry run", Boolean.TRUE.equals(run.get("dryrun")) ? "yes" : "no");
        row(html, "Started at", text(startedAt));
        html.append("</table>\n");
    }

    private static void row(StringBuilder html, String header, String value) {
        html.append("<tr><th>").append(escape(header)).append("</th><td>").append(escape(value))
                .append("</td></tr>\n");
    }

    private static void picture(StringBuilder html, ReportPicture picture) {
        html.append("<section id=\"picture\">\n<h2>Flow</h2>\n");
        if (picture.svg().isPresent()) {
            html.append("<figure>\n").append(picture.svg().get()).append("\n</figure>\n");
        } else {
            html.append("<p class=\"note\" id=\"no-picture\">").append(escape(picture.missing().orElse("")))
                    .append("</p>\n");
        }
        html.append("</section>\n");
    }

    private static void error(StringBuilder html, Map<String, Object> document) {
        Object error = document.get("error");
        Object failedStep = document.get("failedstep");
        Object failedRecord = document.get("failedrecord");
        if (error == null && failedStep == null && failedRecord == null) {
            return;
        }
        html.append("<section id=\"error\">\n<h2>Error</h2>\n<p class=\"error\" id=\"error-message\">")
                .append(escape(text(error))).append("</p>\n<table id=\"failure\">\n");
        row(html, "Failed step", failedStep == null ? "none" : text(failedStep));
        row(html, "Failed record (source row, from 1)", failedRecord == null ? "none" : text(failedRecord));
        html.append("</table>\n</section>\n");
    }

    private static void steps(StringBuilder html, Map<String, Object> document) {
        Map<?, ?> steps = document.get("steps") instanceof Map<?, ?> m ? m : Map.of();
        long total = 0;
        for (Object step : steps.values()) {
            total += millis(step);
        }
        html.append("<section id=\"steps\">\n<h2>Steps</h2>\n<p>Time: the milliseconds spent in the step's own code, "
                + "not in the steps it feeds. Share: the step's time as a percentage of the sum of all steps' times ("
                + total + " ms).</p>\n<table id=\"step-table\">\n<thead><tr><th>Step</th><th>Type</th><th>Status</th>"
                + "<th>Records in</th><th>Records out</th><th>Time (ms)</th><th>Share of time</th></tr></thead>\n"
                + "<tbody>\n");
        for (Map.Entry<?, ?> e : steps.entrySet()) {
            Map<?, ?> step = e.getValue() instanceof Map<?, ?> m ? m : Map.of();
            String alias = String.valueOf(e.getKey());
            String status = text(step.get("status"));
            html.append("<tr class=\"status-").append(escape(cssName(status))).append("\">")
                    .append("<td>").append(escape(alias)).append("</td>")
                    .append("<td>").append(escape(text(path(document, "variables", "steps", alias, "type"))))
                    .append("</td>")
                    .append("<td class=\"status\">").append(escape(status)).append("</td>")
                    .append("<td class=\"number\">").append(escape(text(step.get("recordsin")))).append("</td>")
                    .append("<td class=\"number\">").append(escape(text(step.get("recordsout")))).append("</td>")
                    .append("<td class=\"number\">").append(escape(text(step.get("millis")))).append("</td>")
                    .append("<td class=\"number\">").append(share(millis(step), total)).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    /** A step's whole, non-negative milliseconds; 0 when the document has none. */
    private static long millis(Object step) {
        Object value = step instanceof Map<?, ?> m ? m.get("millis") : null;
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0) {
            return ((Number) value).longValue();
        }
        return 0;
    }

    /** {@code part} as a percentage of {@code total}, one decimal; a dash when there is no time to share. */
    private static String share(long part, long total) {
        if (total <= 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f %%", part * 100.0 / total);
    }

    /** A status label as a CSS class name: letters, digits, {@code -} and {@code _} only. */
    private static String cssName(String label) {
        return label.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static void effects(StringBuilder html, Map<String, Object> document, Map<?, ?> run) {
        List<?> effects = document.get("effects") instanceof List<?> l ? l : List.of();
        boolean dryRun = Boolean.TRUE.equals(run.get("dryrun"));
        if (!dryRun && effects.isEmpty()) {
            return;
        }
        html.append("<section id=\"effects\">\n<h2>Effects skipped by the dry run</h2>\n");
        if (effects.isEmpty()) {
            html.append("<p>None: the dry run skipped no effect.</p>\n</section>\n");
            return;
        }
        html.append("<table id=\"effect-table\">\n<thead><tr><th>Step</th><th>Kind</th><th>Target</th>"
                + "<th>Description</th></tr></thead>\n<tbody>\n");
        for (Object o : effects) {
            Map<?, ?> effect = o instanceof Map<?, ?> m ? m : Map.of();
            html.append("<tr><td>").append(escape(text(effect.get("step")))).append("</td><td>")
                    .append(escape(text(effect.get("kind")))).append("</td><td class=\"code\">")
                    .append(escape(text(effect.get("target")))).append("</td><td>")
                    .append(escape(text(effect.get("description")))).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    private static void variables(StringBuilder html, Map<String, Object> document) {
        html.append("<section id=\"variables\">\n<h2>Variables</h2>\n<p>The variable tree at the end of the run, "
                + "one value a row, as JSON; secrets show as <code>*****</code>.</p>\n"
                + "<table id=\"variable-table\">\n<thead><tr><th>Name</th><th>Value</th></tr></thead>\n<tbody>\n");
        Object variables = document.get("variables");
        if (variables instanceof Map<?, ?> m && !m.isEmpty()) {
            flatten(html, "", m, 0);
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    /** One row per value under {@code node}: names joined by dots, list positions in brackets. */
    private static void flatten(StringBuilder html, String name, Object node, int depth) {
        if (depth > MAX_DEPTH) {
            variable(html, name, "(nested too deep to show)");
        } else if (node instanceof Map<?, ?> map && !map.isEmpty()) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                flatten(html, name.isEmpty() ? String.valueOf(e.getKey()) : name + "." + e.getKey(), e.getValue(),
                        depth + 1);
            }
        } else if (node instanceof List<?> list && !list.isEmpty()) {
            for (int i = 0; i < list.size(); i++) {
                flatten(html, name + "[" + i + "]", list.get(i), depth + 1);
            }
        } else {
            variable(html, name, json(node));
        }
    }

    private static void variable(StringBuilder html, String name, String value) {
        html.append("<tr><td class=\"code\">").append(escape(name)).append("</td><td class=\"value\">")
                .append(escape(value)).append("</td></tr>\n");
    }

    /** A leaf of the variable tree as JSON: {@code "text"}, {@code 12}, {@code true}, {@code null}, {}. */
    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** The value at {@code keys} under {@code root}; null when any part is missing. */
    private static Object path(Map<?, ?> root, String... keys) {
        Object node = root;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    /** A value as a cell shows it: text as it is, nothing for null, anything else as JSON. */
    private static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return json(value);
    }

    /** {@code text} safe in HTML content and in quoted attribute values. */
    static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement == null) {
                if (sb != null) {
                    sb.append(c);
                }
            } else {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(replacement);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
