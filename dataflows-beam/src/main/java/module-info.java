/**
 * Dataflows on Apache Beam: {@link io.dataflows.beam.BeamRunner} runs a dataflow as a Beam pipeline whose DoFns
 * run the same step implementations as the local engine. The translation ({@code io.dataflows.beam.internal}) is
 * not exported; this module provides no step types of its own, and the runners {@code beam} and {@code flink} through
 * {@link io.dataflows.spi.RunnerProvider}.
 */
// Beam's SDK and its Flink runner have no module descriptor, only the Automatic-Module-Names org.apache.beam.sdk and
// org.apache.beam.runners.flink in their manifests; the SDK transitive because BeamRunner.Builder takes its
// PipelineOptions.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.dataflows.beam {
    exports io.dataflows.beam;

    requires transitive io.dataflows.core;
    requires transitive org.apache.beam.sdk;
    requires org.apache.beam.runners.flink;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires static transitive org.jspecify;

    // the runners beam and flink, found by name through io.dataflows.Runners
    provides io.dataflows.spi.RunnerProvider with
            io.dataflows.beam.internal.DirectRunnerProvider,
            io.dataflows.beam.internal.FlinkRunnerProvider;
}
