/**
 * Benchmarks of the reference workload ({@link io.dataflows.bench.Workload}): the same job in several
 * implementations, JMH microbenchmarks, memory and scale checks. Results and targets: {@code docs/performance.md}.
 */
package io.dataflows.bench;
