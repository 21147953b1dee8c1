package io.dataflows.cli;

/**
 * Configures slf4j-simple for the command: logs and errors on stderr, standard output left to step output.
 * Must run before the first logger is created.
 */
final class Logging {

    private Logging() {}

    static void configure(boolean quiet, boolean verbose) {
        configure(quiet, verbose, false);
    }

    /**
     * Like {@link #configure(boolean, boolean)}; {@code distributed} for a run on Apache Beam or Flink, whose
     * libraries log their start, stop and failures at length, and whose workers' engines log a line per batch of
     * records. {@code --verbose} shows it all.
     */
    static void configure(boolean quiet, boolean verbose, boolean distributed) {
        // Named, so that slf4j loads it instead of looking for providers with ServiceLoader, which reads its
        // service file through a second opening of the command's jar (tens of thousands of entries): about 15 ms
        // before the database of a run starts opening.
        set("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        set("slf4j.internal.verbosity", "WARN"); // not "Attempting to load provider ..." on every command
        set("org.slf4j.simpleLogger.logFile", "System.err");
        set("org.slf4j.simpleLogger.defaultLogLevel", quiet ? "warn" : verbose ? "debug" : "info");
        set("org.slf4j.simpleLogger.showThreadName", "false");
        set("org.slf4j.simpleLogger.showLogName", "false");
        set("org.slf4j.simpleLogger.showShortLogName", "false");
        set("org.slf4j.simpleLogger.levelInBrackets", "false");
        if (!verbose) {
            // JEXL logs through commons-logging; keep it and the connection pool quiet unless asked
            set("org.slf4j.simpleLogger.log.org.apache.commons.jexl3", "warn");
            set("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
            set("org.slf4j.simpleLogger.log.org.quartz", "warn");
        }
        if (distributed && !verbose) {
            // Off: their warnings are about their own set-up (no log file for a web dashboard, operator names
            // truncated, tuning hints), and their errors are a step's failure or the pipeline's, with stack traces,
            // which reach the command as the run's error and are printed as one line.
            set("org.slf4j.simpleLogger.log.org.apache.beam", "off");
            set("org.slf4j.simpleLogger.log.org.apache.flink", "off");
            set("org.slf4j.simpleLogger.log.org.apache.pekko", "off");
            // the workers' engines log each batch's run, and a failed batch with a record number of the batch
            set("org.slf4j.simpleLogger.log.io.dataflows.run", "error");
        }
    }

    private static void set(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
