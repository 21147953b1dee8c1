package io.dataflows.cli;

import io.dataflows.Dataflow;
import io.dataflows.StepRegistry;
import io.dataflows.ValidationReport;
import io.dataflows.dot.DotExporter;
import io.dataflows.dot.GraphvizException;
import io.dataflows.dot.GraphvizNotFoundException;
import io.dataflows.dot.ImageFormat;
import io.dataflows.dot.RunState;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The picture of a report: the flow drawn by Graphviz with the run over it (statuses as colours, record counts on
 * the links), as SVG to put inline in the page; or, when it cannot be drawn (Graphviz is missing or fails, the state
 * file does not hold the flow's steps), why not, a note the page shows in its place.
 */
final class ReportPicture {

    /** Before the {@code <svg>} element: the XML declaration and doctype, which an HTML page must not repeat. */
    private static final Pattern PROLOG = Pattern.compile("\\A[\\s\\S]*?(?=<svg[\\s>])");

    /** Graphviz's comments repeat names; they show nothing, so they are left out rather than trusted. */
    private static final Pattern COMMENT = Pattern.compile("<!--[\\s\\S]*?-->");

    private final String svg;
    private final String missing;

    private ReportPicture(String svg, String missing) {
        this.svg = svg;
        this.missing = missing;
    }

    /** No picture, because of {@code why} (whole sentences, shown as they are). */
    static ReportPicture missing(String why) {
        return new ReportPicture(null, why);
    }

    /**
     * {@code flow} with {@code state} drawn over it by the Graphviz program {@code graphviz}. Validation is left
     * out: the picture shows what ran, not what a definition could improve.
     */
    static ReportPicture draw(Dataflow flow, RunState state, StepRegistry registry, String graphviz) {
        DotExporter exporter = DotExporter.builder()
                .stepRegistry(registry)
                .validator(f -> ValidationReport.valid(f.name()))
                .dotCommand(graphviz)
                .build();
        byte[] bytes;
        try {
            bytes = exporter.render(exporter.toDot(flow, state), ImageFormat.SVG);
        } catch (GraphvizNotFoundException e) {
            return missing("Graphviz \"" + e.command() + "\" could not be run, so the flow is not drawn. "
                    + GraphvizNotFoundException.INSTALL_HINT + ".");
        } catch (GraphvizException e) {
            return missing("Graphviz could not draw the flow: " + e.getMessage() + ".");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String inline = COMMENT.matcher(PROLOG.matcher(text).replaceFirst("")).replaceAll("").strip();
        if (!inline.startsWith("<svg")) {
            return missing("Graphviz did not write an SVG image, so the flow is not drawn.");
        }
        return new ReportPicture(inline, null);
    }

    /** The {@code <svg>} element, when there is a picture. */
    Optional<String> svg() {
        return Optional.ofNullable(svg);
    }

    /** Why there is no picture, when there is none. */
    Optional<String> missing() {
        return Optional.ofNullable(missing);
    }
}
