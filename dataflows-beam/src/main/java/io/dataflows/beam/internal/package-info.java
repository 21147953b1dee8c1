/** The translation of a dataflow into a Beam pipeline and the DoFns that run its steps; not exported. */
@NullMarked
package io.dataflows.beam.internal;

import org.jspecify.annotations.NullMarked;
