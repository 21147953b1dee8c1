/**
 * Dataflows on Apache Beam: {@link io.dataflows.beam.BeamRunner} translates a dataflow into a Beam pipeline whose
 * DoFns run the same step implementations as the local engine.
 */
@NullMarked
package io.dataflows.beam;

import org.jspecify.annotations.NullMarked;
