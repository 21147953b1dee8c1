/** Benchmarks of the SPEC §11 reference workload; see the module README section in the root README. */
package io.dataflows.bench;
