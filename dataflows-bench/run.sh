#!/bin/sh
# Runs the benchmarks of dataflows-bench (never run by the tests or CI). Usage:
#   ./dataflows-bench/run.sh [table|memory|scale|all|jmh] [options]
#     table   [--rows 1000000] [--warmup 5] [--iterations 10] [--runs 5] [--impl typed,dataflows,...]
#     memory  [--rows 1000000,5000000,10000000] [--xmx 64m]
#     scale   [--steps 100,1000,10000]
#     runners [--rows 1000000,10000000] [--runs 3] [--runners local,beam,flink1,flink2] [--flink-master HOST:PORT]
#             the reference flow with ./dataflows run --runner local|beam|flink (parallelism 1 and 2)
#     http    [--records 1000] [--delay 20] [--concurrency 1,8,32] [--iterations 3]
#     startup [--rounds 15]   ./dataflows validate and run of flows/hello.yml, the same run with its state in memory,
#             started directly, and embedded without a state store (the floor of a run), alternating
#     warm    IMPL [--warmup 5] [--iterations 10]   one implementation warm in one JVM (BENCH_JAVA_OPTS for its options)
#     all     table, memory and scale with their defaults
#     jmh     [JMH options, e.g. -f 1 -wi 3 -i 5 ExpressionBench]
# Builds what it needs first, with the bench profile (the default build leaves this module out), offline when the
# dependencies are already downloaded.
set -e
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
cd "$root"
offline=-o
[ -d "${HOME}/.m2/repository/org/apache/camel/camel-core" ] || offline=
./mvnw $offline -q -B -Pbench -DskipTests -Dmaven.source.skip package -pl dataflows-cli,dataflows-bench -am >&2
cp="$root/dataflows-bench/target/dataflows-bench.jar:$root/dataflows-bench/target/lib/*"
java_opts=${BENCH_JAVA_OPTS:-}
cmd=${1:-table}
[ $# -gt 0 ] && shift
case "$cmd" in
  jmh)
    exec java $java_opts -cp "$cp" org.openjdk.jmh.Main "$@" ;;
  all)
    java $java_opts -cp "$cp" io.dataflows.bench.Main table --root "$root" "$@"
    java $java_opts -cp "$cp" io.dataflows.bench.Main memory --root "$root"
    exec java $java_opts -cp "$cp" io.dataflows.bench.Main scale --root "$root" ;;
  *)
    exec java $java_opts -cp "$cp" io.dataflows.bench.Main "$cmd" --root "$root" "$@" ;;
esac
