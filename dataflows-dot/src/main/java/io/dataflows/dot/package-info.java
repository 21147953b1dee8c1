/**
 * Drawing dataflows: {@link io.dataflows.dot.DotExporter} writes the DOT text of a dataflow for Graphviz, in the
 * style of tool_dataflows (connectors, flow steps, triggers, side effects, unknown and invalid steps, dashed flow
 * links, switch labels), optionally with the state of a run drawn over it ({@link io.dataflows.dot.RunState}: step
 * statuses, record counts, the failed step and its error), and renders it to SVG or PNG through the Graphviz
 * {@code dot} program when it is installed ({@link io.dataflows.dot.ImageFormat},
 * {@link io.dataflows.dot.GraphvizException}).
 *
 * <pre>{@code
 * String dot = DotExporter.defaults().toDot(flow);       // never shows config values
 * }</pre>
 *
 * <p>Depends on the core API only ({@link io.dataflows.graph.DataflowGraph}). All parameters and return values are
 * non-null unless documented; absent values are {@code Optional}.
 */
package io.dataflows.dot;
