/**
 * Implementations of the built-in step types, by kind: {@code reader}, {@code writer}, {@code transform},
 * {@code logic} and {@code connector} (connectors and the steps that exist as connector and flow step).
 *
 * <p><b>Not API.</b> These classes may change without notice; use {@link io.dataflows.steps.Steps} or the type ids.
 * They use only the public API and SPI of {@code dataflows-core}.
 */
package io.dataflows.steps.internal;
