/**
 * Metrics for Dataflows: {@link io.dataflows.micrometer.MicrometerRunListener} records runs and steps as
 * Micrometer meters in the application's {@code MeterRegistry}.
 */
// Micrometer has no module descriptor, only the stable Automatic-Module-Name micrometer.core in its manifest; it is
// required transitively because the listener's constructor takes its MeterRegistry.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.dataflows.micrometer {
    exports io.dataflows.micrometer;

    requires transitive io.dataflows.core;
    requires transitive micrometer.core;
}
