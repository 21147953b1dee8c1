/**
 * Drawing dataflows: {@link io.dataflows.dot.DotExporter} writes the DOT text of a dataflow, optionally with the
 * state of a run over it, and renders it through the Graphviz {@code dot} program when it is installed.
 */
module io.dataflows.dot {
    exports io.dataflows.dot;

    requires transitive io.dataflows.core;

    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;
}
