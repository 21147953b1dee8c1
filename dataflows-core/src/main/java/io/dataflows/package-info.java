/**
 * The API of Dataflows for Java: define dataflows ({@link io.dataflows.Dataflow}, {@link io.dataflows.StepSpec},
 * {@link io.dataflows.Definitions}), validate and run them ({@link io.dataflows.DataflowEngine},
 * {@link io.dataflows.RunOptions}, {@link io.dataflows.RunResult}), observe runs ({@link io.dataflows.RunListener}).
 *
 * <p>All parameters and return values are non-null unless marked {@code @Nullable} (JSpecify; the package is
 * {@code @NullMarked}); absent values are {@code Optional}.
 * Definitions, records and results are immutable; the engine is immutable and thread-safe.
 * Packages under {@code io.dataflows.internal} are not a published API and may change without notice.
 *
 * <p>What a run does — statuses, order, variable scopes, truthiness, paths, dry runs, output formats — is described
 * in {@code docs/semantics.md}.
 */
@NullMarked
package io.dataflows;

import org.jspecify.annotations.NullMarked;
