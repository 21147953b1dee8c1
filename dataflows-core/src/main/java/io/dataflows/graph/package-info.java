/**
 * Read-only views of dataflows as graphs, for tools that draw or analyse them.
 *
 * <p>All parameters and return values are non-null unless marked {@code @Nullable} (JSpecify; the package is
 * {@code @NullMarked}); absent values are {@code Optional}.
 */
@NullMarked
package io.dataflows.graph;

import org.jspecify.annotations.NullMarked;
