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
     * libraries log their start and stop at length, and whose workers' engines log a line per batch of records.
     */
    static void configure(boolean quiet, boolean verbose, boolean distributed) {
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
            // errors only: their warnings are about their own set-up (no log file for a web dashboard, operator
            // names truncated, tuning hints), and a step's failure reaches the command as the run's error anyway
            set("org.slf4j.simpleLogger.log.org.apache.beam", "error");
            set("org.slf4j.simpleLogger.log.org.apache.flink", "error");
            set("org.slf4j.simpleLogger.log.org.apache.pekko", "error");
            set("org.slf4j.simpleLogger.log.io.dataflows.run", "warn");
        }
    }

    private static void set(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
