package io.dataflows.dot;

import java.util.Locale;

/**
 * The image formats {@link DotExporter#render} asks Graphviz {@code dot} for.
 *
 * @since 0.1
 */
public enum ImageFormat {
    /** Scalable Vector Graphics ({@code dot -Tsvg}): XML text in UTF-8, with tooltips. */
    SVG,
    /** Portable Network Graphics ({@code dot -Tpng}): a bitmap; tooltips are lost. */
    PNG;

    /** The Graphviz output format name, as passed to {@code -T}: {@code svg}, {@code png}. */
    public String graphvizName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
