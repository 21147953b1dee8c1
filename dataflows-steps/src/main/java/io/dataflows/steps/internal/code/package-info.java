/**
 * Step types given in code by {@link io.dataflows.steps.Steps#map}, {@link io.dataflows.steps.Steps#filter(
 * java.util.function.Predicate)}, the sources and the sinks: each instance wraps the caller's function and is never
 * registered, so it has no definition to export.
 *
 * <p><b>Not API.</b> Use {@link io.dataflows.steps.Steps}.
 */
package io.dataflows.steps.internal.code;
