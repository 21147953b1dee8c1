package io.dataflows.bench;

import java.nio.file.Path;

/**
 * One implementation of the reference workload. {@link #run} reads {@code dir/input.csv} and writes
 * {@code dir/out-<name>.jsonl}; the constructor does the one-time setup (building an engine, parsing rules), which
 * warm measurements leave out and whole-process measurements include.
 */
public interface Implementation {

    /** Runs the workload once; returns the number of records written. */
    long run(Path dir) throws Exception;

    /** Releases what the constructor set up. */
    default void close() throws Exception {}

    /** Creates the implementation called {@code name}. */
    static Implementation create(String name) throws Exception {
        switch (name) {
            case "typed": return new TypedJava("typed");
            case "typed-serialgc": return new TypedJava("typed-serialgc");
            case "maps-lambdas": return new MapsLambdas();
            case "maps-jexl": return new MapsJexl();
            case "dataflows": return new DataflowsEngine(name, io.dataflows.ExpressionMode.COMPILED, false, false);
            case "dataflows-read-ahead":
                return new DataflowsEngine(name, io.dataflows.ExpressionMode.COMPILED, true, false);
            case "dataflows-write-behind":
                return new DataflowsEngine(name, io.dataflows.ExpressionMode.COMPILED, false, true);
            case "dataflows-jexl": return new DataflowsEngine(name, io.dataflows.ExpressionMode.JEXL, false, false);
            case "camel": return new CamelRoute();
            case "spring-batch": return new SpringBatchJob();
            default: throw new IllegalArgumentException("unknown implementation: " + name);
        }
    }

    /** Every implementation, the baseline first. */
    String[] ALL = {"typed", "typed-serialgc", "maps-lambdas", "maps-jexl", "dataflows", "dataflows-read-ahead",
        "dataflows-write-behind", "dataflows-jexl", "camel", "spring-batch"};

    /**
     * JVM options of the processes that run {@code name}: a baseline again with the serial collector, or with the
     * serial collector and transparent huge pages (what {@code ./dataflows} adds where the kernel gives them on
     * request).
     */
    static java.util.List<String> jvmOptions(String name) {
        if (name.endsWith("-serialgc-thp")) {
            return java.util.List.of("-XX:+UseSerialGC", "-XX:+UseTransparentHugePages");
        }
        return name.endsWith("-serialgc") ? java.util.List.of("-XX:+UseSerialGC") : java.util.List.of();
    }

    /** Display names for tables. */
    static String title(String name) {
        switch (name) {
            case "lean": return "hand-written typed Java, alone: its own jar, only the JDK (the process baseline)";
            case "lean-serialgc": return "the same lean program with -XX:+UseSerialGC (the collector ./dataflows picks)";
            case "lean-serialgc-thp": return "the same lean program with -XX:+UseSerialGC -XX:+UseTransparentHugePages"
                    + " (the options ./dataflows adds here)";
            case "typed": return "hand-written typed Java (split + StringBuilder)";
            case "typed-serialgc": return "the same typed Java with -XX:+UseSerialGC (the collector ./dataflows picks)";
            case "maps-lambdas": return "hand-written Java over maps, rules as lambdas";
            case "maps-jexl": return "hand-written Java over maps, rules as pre-parsed JEXL";
            case "dataflows": return "**Dataflows** (YAML flow; CLI `./dataflows run`)";
            case "dataflows-read-ahead": return "Dataflows reading ahead (the steps after the reader on a second thread)";
            case "dataflows-write-behind": return "Dataflows writing behind (the writer on a thread of its own)";
            case "dataflows-jexl": return "Dataflows, expression mode JEXL (every expression through JEXL)";
            case "camel": return "Apache Camel 4.22 (direct route, streaming split, Java predicate)";
            case "spring-batch": return "Spring Batch 6.0 (chunk 1000, resourceless repository)";
            default: return name;
        }
    }
}
