/**
 * Implementations of the built-in step types, by subject: {@code reader}, {@code writer}, {@code transform},
 * {@code logic}, {@code connector} (control and variable steps, most as both connector and flow step), {@code sql}
 * (the SQL reader, connector and flow step) and {@code file} (file and directory steps, GPG, compression). Each
 * type is registered in {@code META-INF/services/io.dataflows.spi.StepType}.
 *
 * <p><b>Not API.</b> These classes may change without notice; use {@link io.dataflows.steps.Steps} or the type ids.
 * They use only the public API and SPI of {@code dataflows-core}.
 */
package io.dataflows.steps.internal;
