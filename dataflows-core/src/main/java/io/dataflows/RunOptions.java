package io.dataflows;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Options of one run: dry run, variable overrides, base directory, who triggered it, a timeout. Immutable.
 *
 * <pre>{@code
 * RunOptions.builder().dryRun(true).var("input_dir", "/tmp/in").baseDir(Path.of("flows")).build();
 * }</pre>
 */
public final class RunOptions {

    private static final RunOptions DEFAULTS = builder().build();

    private final boolean dryRun;
    private final Map<String, Object> vars;
    private final Path baseDir;
    private final Trigger trigger;
    private final Map<String, Object> triggerDetails;
    private final PrintStream output;
    private final Duration timeout;
    private final Duration waitForLock;
    private final List<RunListener> listeners;

    private RunOptions(Builder b) {
        this.timeout = b.timeout;
        this.waitForLock = b.waitForLock;
        this.listeners = List.copyOf(b.listeners);
        this.dryRun = b.dryRun;
        this.vars = Collections.unmodifiableMap(new LinkedHashMap<>(b.vars));
        this.baseDir = b.baseDir;
        this.trigger = b.trigger;
        this.triggerDetails = Collections.unmodifiableMap(new LinkedHashMap<>(b.triggerDetails));
        this.output = b.output;
    }

    /**
     * A real, manual run with no overrides; relative paths resolve against the engine's base directory, if it has
     * one (see {@link io.dataflows.DataflowEngine.Builder#baseDirectory}).
     */
    public static RunOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True for a dry run: reads happen, effects are skipped and reported, nothing is persisted. */
    public boolean isDryRun() {
        return dryRun;
    }

    /** Overrides of {@code dataflow.vars} for this run (they win over definition and persisted values). */
    public Map<String, Object> vars() {
        return vars;
    }

    /**
     * The directory relative paths resolve against; empty means the engine's base directory, or, when the engine
     * has none, that relative paths to read resolve in the run's scratch directory and relative paths to write are
     * refused ({@link io.dataflows.DataflowEngine.Builder#baseDirectory}).
     */
    public Optional<Path> baseDir() {
        return Optional.ofNullable(baseDir);
    }

    /** Who or what started the run; {@link Trigger#MANUAL} unless set. */
    public Trigger trigger() {
        return trigger;
    }

    /**
     * What the run sees under {@code run.trigger} besides {@code type}: the schedule time and retry number of a
     * cron run, the event ids of an event run, the payload, caller address and headers of a webhook run.
     * Unmodifiable; empty unless set.
     */
    public Map<String, Object> triggerDetails() {
        return triggerDetails;
    }

    /** Where step output goes for this run; empty means the engine's (standard output by default). */
    public Optional<PrintStream> output() {
        return Optional.ofNullable(output);
    }

    /** How long the run may take before it is cancelled ({@code "timeout after PT2S"}); empty: no limit. */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /**
     * How long a run of a non-concurrent dataflow waits for the lock that another run holds; zero (the default):
     * it does not wait, and is {@link RunStatus#BLOCKED} at once.
     */
    public Duration waitForLock() {
        return waitForLock;
    }

    /** The listeners of this run, after the engine's (unmodifiable). */
    public List<RunListener> listeners() {
        return listeners;
    }

    public Builder toBuilder() {
        Builder b = new Builder().dryRun(dryRun).trigger(trigger, triggerDetails);
        b.timeout = timeout;
        b.waitForLock = waitForLock;
        b.listeners.addAll(listeners);
        b.vars.putAll(vars);
        b.baseDir = baseDir;
        b.output = output;
        return b;
    }

    /** Builds {@link RunOptions}. */
    public static final class Builder {
        private boolean dryRun;
        private final Map<String, Object> vars = new LinkedHashMap<>();
        private Path baseDir;
        private Trigger trigger = Trigger.MANUAL;
        private final Map<String, Object> triggerDetails = new LinkedHashMap<>();
        private PrintStream output;
        private Duration timeout;
        private Duration waitForLock = Duration.ZERO;
        private final List<RunListener> listeners = new ArrayList<>();

        private Builder() {}

        public Builder dryRun(boolean dryRun) {
            this.dryRun = dryRun;
            return this;
        }

        /** Overrides {@code dataflow.vars.<name>} for this run. */
        public Builder var(String name, Object value) {
            vars.put(Objects.requireNonNull(name, "name"), value);
            return this;
        }

        public Builder vars(Map<String, ?> values) {
            values.forEach(this::var);
            return this;
        }

        /**
         * The directory relative paths resolve against (it is also permitted for reading and writing); wins over
         * the engine's base directory.
         */
        public Builder baseDir(Path dir) {
            this.baseDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Who or what started the run, without details (see {@link #trigger(Trigger, Map)}). */
        public Builder trigger(Trigger trigger) {
            return trigger(trigger, Map.of());
        }

        /**
         * Who or what started the run, and what the run sees under {@code run.trigger} besides {@code type}
         * (names to JSON-like values: strings, numbers, booleans, lists, maps). Text is a value, never an
         * expression: a webhook's payload may hold {@code ${{ }}} without it being evaluated.
         *
         * @throws IllegalArgumentException if {@code details} has a key {@code type} (that is {@link Trigger#label()})
         *     or a value that is not JSON-like (give times as text: {@code instant.toString()})
         */
        public Builder trigger(Trigger trigger, Map<String, ?> details) {
            Objects.requireNonNull(trigger, "trigger");
            Objects.requireNonNull(details, "details");
            if (details.containsKey("type")) {
                throw new IllegalArgumentException(
                        "run.trigger.type is the trigger's label; the details cannot set it");
            }
            Map<String, Object> checked = new LinkedHashMap<>();
            for (Map.Entry<String, ?> e : details.entrySet()) {
                checked.put(e.getKey(), DataValues.normalize(e.getValue(), "run.trigger." + e.getKey()));
            }
            this.trigger = trigger;
            this.triggerDetails.clear();
            this.triggerDetails.putAll(checked);
            return this;
        }

        /**
         * Cancels the run when it has not ended after {@code timeout}, counted from when it starts: it ends
         * {@link RunStatus#CANCELLED} with the reason {@code "timeout after <timeout>"} (see {@link RunHandle}).
         *
         * @throws IllegalArgumentException unless {@code timeout} is positive
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * Waits at most {@code timeout} for the lock of a non-concurrent dataflow that another run holds, checking
         * again with growing pauses (10 ms up to 1 s); the run is {@link RunStatus#BLOCKED} only if the lock is
         * still held then. A cancelled or interrupted wait gives up at once.
         *
         * @throws IllegalArgumentException if {@code timeout} is negative
         */
        public Builder waitForLock(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("waitForLock must not be negative: " + timeout);
            }
            this.waitForLock = timeout;
            return this;
        }

        /**
         * Adds a listener for this run only, called after the engine's listeners, on the run's thread (see
         * {@link RunListener}).
         */
        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Where step output of this run goes. */
        public Builder output(PrintStream output) {
            this.output = Objects.requireNonNull(output, "output");
            return this;
        }

        public RunOptions build() {
            return new RunOptions(this);
        }
    }
}
