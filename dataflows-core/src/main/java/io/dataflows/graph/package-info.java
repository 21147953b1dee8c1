/**
 * Read-only views of dataflows as graphs, for tools that draw or analyse them.
 *
 * <p>All parameters and return values are non-null unless documented; absent values are {@code Optional}.
 */
package io.dataflows.graph;
