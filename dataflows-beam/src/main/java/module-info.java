/**
 * Dataflows on Apache Beam: {@link io.dataflows.beam.BeamRunner} runs a dataflow as a Beam pipeline whose DoFns
 * run the same step implementations as the local engine. The translation ({@code io.dataflows.beam.internal}) is
 * not exported; this module provides no step types of its own.
 */
// Beam's SDK has no module descriptor, only the Automatic-Module-Name org.apache.beam.sdk in its manifest; transitive
// because BeamRunner.Builder takes its PipelineOptions.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.dataflows.beam {
    exports io.dataflows.beam;

    requires transitive io.dataflows.core;
    requires transitive org.apache.beam.sdk;
    requires static transitive org.jspecify;
}
