package io.dataflows.scheduler;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunListener;
import io.dataflows.RunOptions;
import io.dataflows.RunStatus;
import io.dataflows.StateStores;
import io.dataflows.TriggerSpec;
import io.dataflows.scheduler.internal.SchedulerCore;
import io.dataflows.spi.ScheduleState;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs dataflows by their trigger steps: on a cron schedule, when the host publishes an event, when a webhook is
 * called. Built from a {@link DataflowEngine}, whose state store keeps the schedules and the event queue and whose
 * listeners hear every run.
 *
 * <pre>{@code
 * DataflowEngine engine = DataflowEngine.builder().stateStore(StateStores.jdbc(dataSource)).build();
 * DataflowScheduler scheduler = DataflowScheduler.builder(engine)
 *     .workers(4)                                     // runs going on at once
 *     .dataSource(dataSource)                         // the timer clustered on the same database
 *     .build();
 * scheduler.register(Definitions.read(Path.of("flows/nightly.yml")));
 * scheduler.start();
 * scheduler.publish("course_viewed", Map.of("courseid", 42));   // queued for every flow listening to it
 * ...
 * scheduler.close(Duration.ofMinutes(1));             // waits for runs, then cancels them
 * }</pre>
 *
 * <h2>Schedulers are shared and thread-safe</h2>
 * Build one per application (one per engine) and call it from any thread. It owns threads — a pool of
 * {@link Builder#workers workers}, a timer and a control thread, all daemons — until {@link #close}; the runs
 * themselves run on the engine's threads ({@link DataflowEngine#start}), which are not daemons.
 *
 * <h2>Triggers</h2>
 * A registered dataflow is started by its trigger step ({@link DataflowEngine#trigger}), and by nothing else:
 * <ul>
 *   <li><b>cron</b> ({@link TriggerSpec.Cron}): at every time its schedule matches. The timer is Quartz: in memory,
 *       or, with {@link Builder#dataSource}, clustered on a database, where pending firings outlive the process and
 *       each fires in exactly one of the schedulers sharing it. The scheduler advances the schedule itself after
 *       every firing, run or not. A run that ends {@link RunStatus#ABORTED} is retried after the trigger's retry
 *       interval, up to its retry count; then the regular schedule resumes. A firing missed while no scheduler ran
 *       fires once, at start-up.</li>
 *   <li><b>event</b> ({@link TriggerSpec.Event}): {@link #publish} queues the event in the state store for every
 *       dataflow listening to its name, and returns; a worker then runs the dataflow, which consumes the event with
 *       its trigger step. Policy {@code adhocqueued}: one run consumes the whole backlog; {@code immediately} and
 *       {@code adhoc}: a run per event. An event stays queued until a run that consumed it ends finalised.</li>
 *   <li><b>webhook</b> ({@link TriggerSpec.Webhook}): {@link #callWebhook}, which {@link WebhookHandler} calls for
 *       {@code POST /hooks/{name}}.</li>
 * </ul>
 * Runs see what started them under {@code run.trigger}: {@code cron} with {@code scheduledat} and {@code retry};
 * {@code event} with {@code eventname}; {@code webhook} with {@code payload}, {@code address} and {@code headers}.
 *
 * <h2>Disabled, invalid and running dataflows</h2>
 * A disabled or invalid dataflow is never started by a trigger: its firings, events and calls are skipped, which
 * the log says once, when it becomes so, and {@link SchedulerListener#skipped} hears every time. A dataflow that
 * does not run concurrently never runs twice at once: a cron firing that finds it running is skipped, a webhook call
 * is refused, and queued events wait for the run to end.
 *
 * <h2>Restarts and clusters</h2>
 * {@link #start} starts a run for every dataflow with queued events, so events published before a crash are
 * processed. Schedulers sharing one database (clustered timer, {@link StateStores#jdbc JDBC state store}) run each
 * firing once and consume each event once; they should register the same dataflows. Details:
 * {@code docs/scheduler.md}.
 */
public final class DataflowScheduler implements AutoCloseable {

    /** How long {@link #close()} waits for runs before cancelling them. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final SchedulerCore core;

    private DataflowScheduler(Builder b) {
        this.core = new SchedulerCore(b.engine, new SchedulerCore.Settings(b.clock, b.workers, b.dataSource,
                b.tablePrefix, b.clusterName, b.eventRetryDelay, b.listeners));
    }

    /** A builder of a scheduler of {@code engine}'s runs. */
    public static Builder builder(DataflowEngine engine) {
        return new Builder(engine);
    }

    /** The engine that runs the dataflows. */
    public DataflowEngine engine() {
        return core.engine();
    }

    /**
     * Registers {@code flow}: from now on its trigger starts it (after {@link #start}). A cron dataflow is put on
     * the timer; when the state store remembers a firing of it that was missed, that firing is due at once. An
     * invalid or disabled dataflow is registered too, and logged: its trigger skips it until a valid, enabled
     * version is registered with {@link #replace}.
     *
     * @throws IllegalArgumentException if a dataflow of that name is registered already
     * @throws IllegalStateException if the scheduler is closed
     */
    public void register(Dataflow flow) {
        core.register(flow, RunOptions.defaults());
    }

    /**
     * Like {@link #register(Dataflow)}, with the options of every run its trigger starts: a base directory for its
     * relative paths, variables, a timeout, listeners, output. The trigger and its details are set per run; the
     * dataflow is validated with these options.
     *
     * @throws IllegalArgumentException if a dataflow of that name is registered already, or the options ask for a
     *     dry run (triggered runs are real runs)
     * @throws IllegalStateException if the scheduler is closed
     */
    public void register(Dataflow flow, RunOptions options) {
        core.register(flow, options);
    }

    /**
     * Registers {@code flow} in place of the dataflow of the same name, or as a new one. Runs going on keep the
     * version they started with. A cron schedule that did not change keeps its pending firing; one that changed is
     * rescheduled. An event trigger that listens to another event than before clears the queued events of the old
     * one. A version that is invalid keeps the old version's schedule, every firing skipped.
     *
     * @throws IllegalStateException if the scheduler is closed
     */
    public void replace(Dataflow flow) {
        core.replace(flow, RunOptions.defaults());
    }

    /**
     * Like {@link #replace(Dataflow)}, with the options of every run its trigger starts (see
     * {@link #register(Dataflow, RunOptions)}).
     *
     * @throws IllegalArgumentException if the options ask for a dry run
     * @throws IllegalStateException if the scheduler is closed
     */
    public void replace(Dataflow flow, RunOptions options) {
        core.replace(flow, options);
    }

    /**
     * Stops triggering the dataflow {@code name}: its schedule is removed from the timer and the state store (for
     * every scheduler sharing the database). Its queued events stay, for a later registration; runs going on go on.
     *
     * @return false if no dataflow of that name was registered
     */
    public boolean unregister(String name) {
        return core.unregister(name);
    }

    /** The registered version of the dataflow {@code name}. */
    public Optional<Dataflow> dataflow(String name) {
        return core.dataflow(name);
    }

    /** The names of the registered dataflows, sorted. */
    public List<String> dataflows() {
        return core.dataflows();
    }

    /**
     * The trigger of the registered dataflow {@code name}; empty when it has none or is not registered. For an
     * invalid dataflow, the trigger as far as it can be read (see {@link #replace}).
     */
    public Optional<TriggerSpec> trigger(String name) {
        return core.trigger(name);
    }

    /**
     * Where the cron dataflow {@code name} stands, as kept in the engine's state store: when a firing last started
     * a run, when it fires next, and the retry number of that next firing (0 on the regular schedule).
     */
    public Optional<ScheduleState> schedule(String name) {
        return core.schedule(name);
    }

    /**
     * Publishes an event: it is queued in the engine's state store for every registered, enabled and valid
     * dataflow whose event trigger listens to {@code eventName}, before this returns; runs follow on the workers.
     * Never runs a dataflow on the calling thread and never waits for a running one. Events published before
     * {@link #start} are queued and processed once started.
     *
     * @param data the event's data, JSON-like (maps, lists, text, numbers, booleans, null); the run sees it as
     *     {@code eventdata} and as the var {@code event}
     * @return the ids of the queued events, one per listening dataflow, in the order of the dataflows' names;
     *     empty when none listens
     * @throws IllegalArgumentException if the name is blank or the data is not JSON-like
     * @throws IllegalStateException if the scheduler is closed, or the state store keeps no event queue
     */
    public List<Long> publish(String eventName, Map<String, ?> data) {
        return core.publish(eventName, data);
    }

    /**
     * Calls the webhook of the dataflow {@code name}: queues a run that sees {@code payload}, {@code address} and
     * {@code headers} under {@code run.trigger}, and returns it at once. {@link TriggeredRun#awaitStart} waits for
     * its run id; a run that finds the run lock taken by a run outside this scheduler ends
     * {@link RunStatus#BLOCKED}.
     *
     * @param token the token the caller presented ({@code Authorization: Bearer <token>}), or null; compared in
     *     constant time with the trigger's, when it has one
     * @param payload the request's JSON object
     * @param address the caller's address
     * @param headers the request headers the run may see (never {@code Authorization})
     * @throws WebhookRefusedException when no run is queued: unknown dataflow or no webhook trigger, missing or
     *     wrong token, disabled or invalid dataflow, a run of a non-concurrent dataflow going on, scheduler not
     *     started or closing
     */
    public TriggeredRun callWebhook(String name, @Nullable String token, Map<String, ?> payload, String address,
            Map<String, String> headers) {
        return core.callWebhook(name, token, payload, address, headers);
    }

    /**
     * Starts triggering: the timer fires, and every registered dataflow with queued events gets its runs (events
     * left by a process that stopped or was killed included).
     *
     * @throws IllegalStateException if the scheduler was started before
     */
    public void start() {
        core.start();
    }

    /** True between {@link #start} and {@link #close}. */
    public boolean isStarted() {
        return core.isStarted();
    }

    /**
     * Stops triggering and waits at most {@code timeout} for the runs the triggers started to end; then cancels
     * those still going ({@link RunHandle#cancel(String)}, reason {@code "cancelled: the scheduler closed"}) and
     * waits up to ten seconds more for them. Runs waiting for a worker are dropped; their events stay queued, and
     * a pending cron firing stays on a clustered timer. Idempotent.
     *
     * @return true if every run had ended
     */
    public boolean close(Duration timeout) {
        return core.close(timeout);
    }

    /** {@link #close(Duration)} with {@link #DEFAULT_CLOSE_TIMEOUT}. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_TIMEOUT);
    }

    @Override
    public String toString() {
        return "DataflowScheduler[" + core.dataflows().size() + " dataflows, "
                + (core.isStarted() ? "started" : "not started") + "]";
    }

    /** Builds a {@link DataflowScheduler}. Not thread-safe; {@link #build} may be called more than once. */
    public static final class Builder {
        private final DataflowEngine engine;
        private Clock clock = Clock.systemUTC();
        private int workers = 4;
        private DataSource dataSource;
        private String tablePrefix = "dataflows_qrtz_";
        private String clusterName = "dataflows";
        private Duration eventRetryDelay = Duration.ofSeconds(30);
        private final List<SchedulerListener> listeners = new ArrayList<>();

        private Builder(DataflowEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /**
         * The clock of the scheduler's decisions (next firing after now, retry times, event times); default: the
         * system's, in UTC. The timer waits by the system's clock, so give a clock that agrees with it (a zone of
         * your choice is fine); tests of the decisions themselves can use any.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How many triggered runs go on at once; more wait for a free worker, in the order they were asked for.
         * Default: 4.
         *
         * @throws IllegalArgumentException unless {@code workers} is between 1 and 1000
         */
        public Builder workers(int workers) {
            if (workers < 1 || workers > 1000) {
                throw new IllegalArgumentException("workers must be between 1 and 1000: " + workers);
            }
            this.workers = workers;
            return this;
        }

        /**
         * Keeps the timer in this database (H2 or PostgreSQL), clustered: pending firings outlive the process, and
         * the schedulers sharing the database fire each exactly once. Use the database of the engine's
         * {@link StateStores#jdbc JDBC state store}. The timer's tables ({@link #tablePrefix}) are created when
         * missing. Default: the timer is in memory.
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * The prefix of the timer's tables in the {@link #dataSource} database; default {@code dataflows_qrtz_}.
         *
         * @throws IllegalArgumentException unless it is a letter then letters, digits or {@code _}, at most 31
         */
        public Builder tablePrefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.matches("[A-Za-z][A-Za-z0-9_]{0,30}")) {
                throw new IllegalArgumentException(
                        "table prefix must be a letter then letters, digits or _ (at most 31): " + prefix);
            }
            this.tablePrefix = prefix;
            return this;
        }

        /**
         * The name schedulers sharing a {@link #dataSource} database cluster under (one cluster per name);
         * default {@code dataflows}.
         *
         * @throws IllegalArgumentException if blank or longer than 100 characters
         */
        public Builder clusterName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.length() > 100) {
                throw new IllegalArgumentException("cluster name must be 1 to 100 characters: " + name);
            }
            this.clusterName = name;
            return this;
        }

        /**
         * How long a dataflow's queued events wait after one of its event runs aborted, could not start, or found
         * the run lock taken by a run outside this scheduler; default 30 seconds. The events stay queued meanwhile.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder eventRetryDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("eventRetryDelay must not be negative: " + delay);
            }
            this.eventRetryDelay = delay;
            return this;
        }

        /**
         * Adds a listener of what the triggers do (see {@link SchedulerListener}); the runs themselves are heard by
         * the engine's {@link RunListener}s.
         */
        public Builder listener(SchedulerListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Builds the scheduler; it triggers nothing until {@link DataflowScheduler#start}.
         *
         * @throws IllegalStateException if the {@link #dataSource} database cannot be reached or its tables cannot
         *     be created
         * @throws IllegalArgumentException if the {@link #dataSource} database is neither H2 nor PostgreSQL
         */
        public DataflowScheduler build() {
            return new DataflowScheduler(this);
        }
    }
}
