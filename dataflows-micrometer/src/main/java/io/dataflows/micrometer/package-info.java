/**
 * Metrics of runs and steps in a Micrometer {@code MeterRegistry}: register a
 * {@link io.dataflows.micrometer.MicrometerRunListener} on the engine and publish the registry as the application
 * publishes its other meters.
 *
 * <pre>{@code
 * DataflowEngine engine = DataflowEngine.builder().listener(new MicrometerRunListener(registry)).build();
 * }</pre>
 *
 * <p>All parameters are non-null.
 */
package io.dataflows.micrometer;
