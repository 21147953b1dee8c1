package io.dataflows.scheduler.internal;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowValidationException;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.Trigger;
import io.dataflows.TriggerSpec;
import io.dataflows.scheduler.SchedulerListener;
import io.dataflows.scheduler.SchedulerListener.Skip;
import io.dataflows.scheduler.SkipReason;
import io.dataflows.scheduler.TriggeredRun;
import io.dataflows.scheduler.WebhookRefusedException;
import io.dataflows.scheduler.WebhookRefusedException.Reason;
import io.dataflows.scheduler.internal.ConditionLog.Condition;
import io.dataflows.spi.JsonText;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import io.dataflows.spi.Values;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code DataflowScheduler} does: the registered dataflows, the timer of the cron ones, the dispatch of queued
 * events, webhook calls, and the worker pool every triggered run waits in. The rules are in
 * {@code docs/scheduler.md}; the pure decisions about schedules are {@link SchedulePolicy}'s.
 *
 * <h2>Threads and locks</h2>
 * Callers register, publish and call webhooks on their own threads; the timer fires on Quartz's threads; queued
 * events are dispatched on one control thread; each run is watched by a worker of the pool (the run itself is on
 * the engine's thread). Everything about one dataflow is decided under its {@link FlowState}'s monitor, which is
 * never held while waiting for a run; no thread holds two of them.
 */
public final class SchedulerCore {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.scheduler");

    /** The ISO-8601 form, with milliseconds, of the times runs see ({@code run.trigger.scheduledat}). */

    /** How many queued events a dispatch looks at: enough to start a run per worker, and to see a backlog. */
    private static final int QUEUE_SCAN = 1000;

    /** After close's timeout, how long cancelled runs get to end. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    private enum Lifecycle { NEW, STARTED, CLOSING, CLOSED }

    /** Settings of a core; see {@code DataflowScheduler.Builder}. */
    public record Settings(Clock clock, int workers, @Nullable DataSource dataSource, String tablePrefix,
            String clusterName, Duration eventRetryDelay, List<SchedulerListener> listeners) {}

    private final DataflowEngine engine;
    private final StateStore store;
    private final SchedulePolicy policy;
    private final ScheduleStates schedules;
    private final ConditionLog conditions = new ConditionLog();
    private final Listeners listeners;
    private final int workers;
    private final Duration eventRetryDelay;
    private final ConcurrentHashMap<String, FlowState> flows = new ConcurrentHashMap<>();
    private final Set<TriggeredRunImpl> inFlight = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor workerPool;
    private final ScheduledExecutorService control;
    private final QuartzTimer timer;
    private final Object lifecycleLock = new Object();
    private volatile Lifecycle lifecycle = Lifecycle.NEW;

    /** A core for {@code engine}'s runs; its timer exists (and, clustered, its tables) once this returns. */
    public SchedulerCore(DataflowEngine engine, Settings settings) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.store = engine.stateStore();
        this.policy = new SchedulePolicy(settings.clock());
        this.schedules = new ScheduleStates(store);
        this.listeners = new Listeners(settings.listeners());
        this.workers = settings.workers();
        this.eventRetryDelay = settings.eventRetryDelay();
        this.workerPool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), daemons("dataflows-scheduler-worker-"));
        this.control = Executors.newSingleThreadScheduledExecutor(daemons("dataflows-scheduler-control-"));
        // Firings only hand runs over to the workers: two timer threads are plenty.
        this.timer = settings.dataSource() == null ? QuartzTimer.inMemory(2, this::cronFired)
                : QuartzTimer.clustered(settings.dataSource(), settings.tablePrefix(), settings.clusterName(), 2,
                        this::cronFired);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The engine the runs run on. */
    public DataflowEngine engine() {
        return engine;
    }

    // ---- registration ------------------------------------------------------------------------------------------

    /** See {@code DataflowScheduler.register}. */
    public void register(Dataflow flow, RunOptions options) {
        Objects.requireNonNull(flow, "flow");
        checkOptions(options);
        ensureOpen();
        Registration reg = Registration.of(engine, flow, options, null);
        FlowState fs = new FlowState(reg);
        synchronized (fs) {
            if (flows.putIfAbsent(fs.name, fs) != null) {
                throw new IllegalArgumentException("Dataflow '" + flow.name()
                        + "' is registered already; replace(flow) registers a new version of it");
            }
            apply(fs, null, reg);
        }
    }

    private static void checkOptions(RunOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.isDryRun()) {
            // A dry run reads events without consuming them: its dataflow would be started again and again.
            throw new IllegalArgumentException("Triggered runs are real runs: the options must not ask for a dry run");
        }
    }

    /** See {@code DataflowScheduler.replace}. */
    public void replace(Dataflow flow, RunOptions options) {
        Objects.requireNonNull(flow, "flow");
        checkOptions(options);
        ensureOpen();
        while (true) {
            FlowState fs = flows.get(flow.name());
            if (fs == null) {
                Registration reg = Registration.of(engine, flow, options, null);
                FlowState fresh = new FlowState(reg);
                synchronized (fresh) {
                    if (flows.putIfAbsent(fresh.name, fresh) == null) {
                        apply(fresh, null, reg);
                        return;
                    }
                }
                continue;
            }
            synchronized (fs) {
                if (fs.removed) {
                    continue;
                }
                Registration old = fs.registration;
                Registration reg = Registration.of(engine, flow, options, old);
                fs.registration = reg;
                apply(fs, old, reg);
                return;
            }
        }
    }

    /** See {@code DataflowScheduler.unregister}. */
    public boolean unregister(String name) {
        Objects.requireNonNull(name, "name");
        FlowState fs = flows.get(name);
        if (fs == null) {
            return false;
        }
        synchronized (fs) {
            if (fs.removed) {
                return false;
            }
            fs.removed = true;
            // The timer job goes first: a firing that finds the dataflow gone must find its job gone too.
            if (fs.registration.cron() != null || timer.has(name)) {
                timer.delete(name);
            }
            schedules.delete(name);
            flows.remove(name, fs);
        }
        conditions.forget(name);
        log.info("Dataflow '{}' unregistered: no trigger starts it any more", name);
        return true;
    }

    /** Applies a newly registered version {@code reg} of a dataflow that was {@code old} (null: new). */
    private void apply(FlowState fs, @Nullable Registration old, Registration reg) {
        tellCondition(reg.name(), reg.condition(), reg.problems());
        if (!reg.warnings().isEmpty() && (old == null || !old.warnings().equals(reg.warnings()))) {
            log.warn("Dataflow '{}' has warnings (it runs all the same): {}", reg.name(), reg.warnings());
        }
        TriggerSpec.Cron cron = reg.cron();
        if (reg.condition() != Condition.INVALID) {
            if (cron != null) {
                scheduleOnRegistration(fs, cron);
            } else if ((old != null && old.cron() != null) || timer.has(fs.name)) {
                timer.delete(fs.name);
                schedules.delete(fs.name);
            }
            TriggerSpec.Event was = old == null ? null : old.event();
            TriggerSpec.Event now = reg.event();
            if (was != null && (now == null || !now.eventName().equals(was.eventName()))) {
                int cleared = store.clearEvents(fs.name);
                log.info("Dataflow '{}' no longer listens to event '{}': {} queued event(s) cleared", fs.name,
                        was.eventName(), cleared);
            }
        }
        if (reg.event() != null && lifecycle == Lifecycle.STARTED) {
            planDispatch(fs, false);
        }
    }

    private void tellCondition(String name, Condition condition, String problems) {
        if (!conditions.changed(name, condition, problems)) {
            return;
        }
        switch (condition) {
            case READY -> log.info("Dataflow '{}' is enabled and valid: its trigger starts it again", name);
            case DISABLED -> log.info("Dataflow '{}' is disabled: its trigger will not start it until it is enabled",
                    name);
            case INVALID -> log.warn("Dataflow '{}' is invalid: its trigger will not start it until a valid version "
                    + "is registered. {}", name, problems);
        }
    }

    private void scheduleOnRegistration(FlowState fs, TriggerSpec.Cron cron) {
        String fingerprint = Registration.fingerprint(cron.schedule());
        Optional<QuartzTimer.Pending> pending = timer.pending(fs.name);
        if (keeps(fs.name, pending, fingerprint)) {
            return;
        }
        ScheduleState state = policy.atRegistration(cron.schedule(), schedules.read(fs.name).orElse(null));
        schedules.save(fs.name, state);
        if (state.nextRunAt() == null) {
            timer.delete(fs.name);
            log.info("Dataflow '{}': its schedule {} never matches again", fs.name, cron.schedule().expression());
            return;
        }
        if (pending.isEmpty()
                && !timer.scheduleIfNone(fs.name, fingerprint, state.nextRunAt(), state.retryNumber())) {
            // Another scheduler of the cluster put a firing in the meantime: the same schedule's stands.
            if (keeps(fs.name, timer.pending(fs.name), fingerprint)) {
                return;
            }
            timer.schedule(fs.name, fingerprint, state.nextRunAt(), state.retryNumber());
        } else if (pending.isPresent()) {
            timer.schedule(fs.name, fingerprint, state.nextRunAt(), state.retryNumber());
        }
        if (policy.isMissed(state)) {
            log.info("Dataflow '{}' missed its firing due at {} while no scheduler ran: it fires once now", fs.name,
                    Values.timestamp(state.nextRunAt()));
        }
        listeners.scheduled(fs.name, state.nextRunAt());
    }

    /**
     * Whether the timer's pending firing is of the same schedule (another scheduler of a cluster, or an earlier
     * registration, put it), so that it stands; tells the listeners so.
     */
    private boolean keeps(String name, Optional<QuartzTimer.Pending> pending, String fingerprint) {
        if (pending.isPresent() && pending.get().fingerprint().equals(fingerprint)) {
            listeners.scheduled(name, pending.get().scheduledAt());
            return true;
        }
        return false;
    }

    /** The registered version of {@code name}. */
    public Optional<Dataflow> dataflow(String name) {
        FlowState fs = flows.get(Objects.requireNonNull(name, "name"));
        return fs == null ? Optional.empty() : Optional.of(fs.registration.flow());
    }

    /** The registered names, sorted. */
    public List<String> dataflows() {
        return flows.keySet().stream().sorted().toList();
    }

    /** The trigger of the registered {@code name}, as far as it can be read. */
    public Optional<TriggerSpec> trigger(String name) {
        FlowState fs = flows.get(Objects.requireNonNull(name, "name"));
        return fs == null ? Optional.empty() : Optional.ofNullable(fs.registration.trigger());
    }

    /** Where the cron dataflow {@code name} stands. */
    public Optional<ScheduleState> schedule(String name) {
        return schedules.read(Objects.requireNonNull(name, "name"));
    }

    // ---- cron --------------------------------------------------------------------------------------------------

    /** A firing of the timer, on a Quartz thread; a failure is logged (Quartz would only log it less clearly). */
    private void cronFired(String name, Instant scheduledAt, int retryNumber) {
        try {
            fire(name, scheduledAt, retryNumber);
        } catch (RuntimeException e) {
            log.error("Dataflow '{}': the firing due at {} failed: {}", name, Values.timestamp(scheduledAt),
                    e.getMessage(), e);
        }
    }

    private void fire(String name, Instant scheduledAt, int retryNumber) {
        FlowState fs = flows.get(name);
        if (fs == null) {
            // Schedulers sharing a database should register the same dataflows; this one does not have it (any
            // more), so its schedule goes until a scheduler registers it again.
            log.warn("Dataflow '{}' is due but not registered in this scheduler: its schedule is dropped until it "
                    + "is registered again", name);
            timer.delete(name);
            return;
        }
        TriggeredRunImpl run;
        synchronized (fs) {
            if (fs.removed) {
                return;
            }
            Registration reg = fs.registration;
            TriggerSpec.Cron cron = reg.cron();
            if (cron == null) {
                timer.delete(name);
                return;
            }
            ScheduleState next = policy.afterFiring(cron.schedule(), readSchedule(name), scheduledAt);
            // The timer first: it is what fires; the state store tells where the schedule stands, and which of the
            // schedulers sharing it takes a firing that more than one of them fires (one registering while another
            // fires the same due time).
            if (next.nextRunAt() != null) {
                timer.schedule(name, Registration.fingerprint(cron.schedule()), next.nextRunAt(), 0);
            } else {
                log.info("Dataflow '{}': its schedule {} never matches again", name, cron.schedule().expression());
            }
            if (!takeFiring(name, scheduledAt, next)) {
                log.debug("Firing of dataflow '{}' due at {} was taken by another scheduler", name,
                        Values.timestamp(scheduledAt));
                return;
            }
            if (next.nextRunAt() != null) {
                listeners.scheduled(name, next.nextRunAt());
            }
            String due = Values.timestamp(scheduledAt);
            SkipReason refusal = reg.refusal();
            if (refusal != null) {
                // Logged once, when the dataflow became so (tellCondition); the listener hears every firing.
                log.debug("Firing of dataflow '{}' due at {} skipped: {}", name, due, refusal.label());
                listeners.skipped(new Skip(name, Trigger.CRON, refusal, reg.refusalMessage()));
                return;
            }
            if (lifecycle != Lifecycle.STARTED) {
                return;
            }
            if (!reg.flow().isConcurrencyEnabled() && fs.busy()) {
                String message = "Dataflow '" + name + "' is still running: the firing due at " + due
                        + " is skipped.";
                log.info("{}", message);
                listeners.skipped(new Skip(name, Trigger.CRON, SkipReason.LOCKED, message));
                return;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("scheduledat", due);
            details.put("retry", retryNumber);
            run = newRun(fs, reg, Trigger.CRON, details, retryNumber);
        }
        submit(run);
    }

    private @Nullable ScheduleState readSchedule(String name) {
        try {
            return schedules.read(name).orElse(null);
        } catch (RuntimeException e) {
            log.warn("Dataflow '{}': its schedule state could not be read: {}", name, e.getMessage());
            return null;
        }
    }

    /**
     * Takes a firing in the state store ({@link ScheduleStates#take}); a store that fails is logged and the firing
     * taken, as a scheduler alone would.
     */
    private boolean takeFiring(String name, Instant due, ScheduleState next) {
        try {
            return schedules.take(name, due, next);
        } catch (RuntimeException e) {
            log.warn("Dataflow '{}': its schedule state could not be saved: {}", name, e.getMessage());
            return true;
        }
    }

    /** Records where a schedule stands; a store that fails is logged, the timer goes on regardless. */
    private void saveSchedule(String name, ScheduleState state) {
        try {
            schedules.save(name, state);
        } catch (RuntimeException e) {
            log.warn("Dataflow '{}': its schedule state could not be saved: {}", name, e.getMessage());
        }
    }

    private void cronRunEnded(FlowState fs, TriggeredRunImpl run, @Nullable RunResult result) {
        if (result == null || result.status() != RunStatus.ABORTED) {
            return;
        }
        synchronized (fs) {
            TriggerSpec.Cron cron = fs.registration.cron();
            if (fs.removed || cron == null) {
                return;
            }
            Optional<ScheduleState> retry = policy.afterRun(cron, readSchedule(fs.name), RunStatus.ABORTED,
                    run.retryNumber());
            if (retry.isEmpty()) {
                if (run.retryNumber() > 0) {
                    log.info("Run {} of dataflow '{}' aborted, its last retry ({} of {}): the regular schedule "
                            + "resumes", result.runName(), fs.name, run.retryNumber(), cron.retryCount());
                }
                return;
            }
            ScheduleState state = retry.get();
            try {
                timer.schedule(fs.name, Registration.fingerprint(cron.schedule()), state.nextRunAt(),
                        state.retryNumber());
            } catch (IllegalStateException e) {
                log.warn("Dataflow '{}': the retry of aborted run {} could not be scheduled: {}", fs.name,
                        result.runName(), e.getMessage());
                return;
            }
            saveSchedule(fs.name, state);
            log.info("Run {} of dataflow '{}' aborted: retry {} of {} at {}", result.runName(), fs.name,
                    state.retryNumber(), cron.retryCount(), Values.timestamp(state.nextRunAt()));
            listeners.retried(fs.name, state.nextRunAt(), state.retryNumber(), result);
        }
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /** See {@code DataflowScheduler.publish}. */
    public List<Long> publish(String eventName, Map<String, ?> data) {
        Objects.requireNonNull(eventName, "eventName");
        Objects.requireNonNull(data, "data");
        if (eventName.isBlank()) {
            throw new IllegalArgumentException("An event needs a name");
        }
        Lifecycle now = lifecycle;
        if (now == Lifecycle.CLOSING || now == Lifecycle.CLOSED) {
            throw new IllegalStateException("The scheduler is closed: event '" + eventName + "' was not published");
        }
        String json = JsonText.compact(data);
        Instant at = policy.now();
        List<Long> ids = new ArrayList<>();
        List<FlowState> listening = flows.values().stream()
                .filter(fs -> fs.registration.event() != null && fs.registration.event().eventName().equals(eventName))
                .sorted(Comparator.comparing(fs -> fs.name)).toList();
        for (FlowState fs : listening) {
            Registration reg = fs.registration;
            SkipReason refusal = reg.refusal();
            if (refusal != null) {
                listeners.skipped(new Skip(fs.name, Trigger.EVENT, refusal, reg.refusalMessage()));
                continue;
            }
            try {
                ids.add(store.enqueueEvent(fs.name, eventName, json, at));
            } catch (UnsupportedOperationException e) {
                throw new IllegalStateException("The state store " + store.getClass().getName()
                        + " keeps no event queue, which event triggers need", e);
            }
            if (lifecycle == Lifecycle.STARTED) {
                planDispatch(fs, false);
            }
        }
        if (listening.isEmpty()) {
            log.debug("Event '{}' published; no registered dataflow listens to it", eventName);
        }
        return ids;
    }

    /** Plans a look at {@code fs}'s queued events on the control thread, after any wait after an abort. */
    private void planDispatch(FlowState fs, boolean startUp) {
        if (!fs.dispatchPlanned.compareAndSet(false, true) && !startUp) {
            return;
        }
        Instant notBefore = fs.eventsNotBefore;
        long delay = notBefore == null ? 0 : Math.max(0, Duration.between(policy.now(), notBefore).toMillis());
        try {
            control.schedule(() -> dispatch(fs, startUp), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            fs.dispatchPlanned.set(false); // closing: the events stay queued for the next scheduler
        }
    }

    /**
     * Starts the runs {@code fs}'s queued events call for: a batch run when none of this scheduler's runs of it is
     * going on (policy {@code adhocqueued}); else a run per open event, up to the workers (one at a time for a
     * dataflow that does not run concurrently). An event is open when no run claimed it — and, at start-up, also
     * when a run of another scheduler or process did: such a claim is given up when that run is known dead (the
     * next run of the dataflow finds out), and is kept, the run ending empty, while it lives.
     */
    private void dispatch(FlowState fs, boolean startUp) {
        List<TriggeredRunImpl> runs = new ArrayList<>();
        try {
            synchronized (fs) {
                fs.dispatchPlanned.set(false);
                if (fs.removed || lifecycle != Lifecycle.STARTED) {
                    return;
                }
                Instant notBefore = fs.eventsNotBefore;
                if (notBefore != null && policy.now().isBefore(notBefore)) {
                    planDispatch(fs, startUp);
                    return;
                }
                fs.eventsNotBefore = null;
                Registration reg = fs.registration;
                TriggerSpec.Event event = reg.event();
                if (event == null || reg.refusal() != null) {
                    return;
                }
                List<QueuedEvent> queued = store.queuedEvents(fs.name, QUEUE_SCAN);
                Set<String> ours = new HashSet<>();
                fs.inFlight.forEach(r -> r.runId().ifPresent(ours::add));
                long open = queued.stream().filter(e -> e.claimedBy() == null
                        || (startUp && !ours.contains(e.claimedBy()))).count();
                Map<String, Object> details = Map.of("eventname", event.eventName());
                if (event.policy() == TriggerSpec.ExecutionPolicy.ADHOCQUEUED) {
                    if (!fs.busy() && open > 0) {
                        runs.add(newRun(fs, reg, Trigger.EVENT, details, 0));
                    }
                } else {
                    int cap = reg.flow().isConcurrencyEnabled() ? workers : 1;
                    // Runs of ours that have not claimed their event yet will take open ones.
                    long unclaimedRuns = fs.inFlight.stream().filter(r -> r.runId()
                            .map(id -> queued.stream().noneMatch(e -> id.equals(e.claimedBy()))).orElse(true))
                            .count();
                    long wanted = Math.min(open - unclaimedRuns, cap - fs.inFlight.size());
                    for (long i = 0; i < wanted; i++) {
                        runs.add(newRun(fs, reg, Trigger.EVENT, details, 0));
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Dataflow '{}': its queued events could not be read ({}); trying again in {}", fs.name,
                    e.getMessage(), eventRetryDelay);
            fs.eventsNotBefore = policy.now().plus(eventRetryDelay);
            planDispatch(fs, startUp);
            return;
        }
        runs.forEach(this::submit);
    }

    private void eventRunEnded(FlowState fs, @Nullable RunResult result, @Nullable Throwable failure) {
        // The run's events are settled by the engine before the run's end is recorded; events a run left claimed
        // (its process died) are claimable again once it is no longer processing.
        boolean wait = failure != null || (result != null
                && (result.status() == RunStatus.ABORTED || result.status() == RunStatus.BLOCKED));
        if (wait) {
            fs.eventsNotBefore = policy.now().plus(eventRetryDelay);
        }
        if (result != null && result.status() == RunStatus.BLOCKED) {
            listeners.skipped(new Skip(fs.name, Trigger.EVENT, SkipReason.LOCKED, "Dataflow '" + fs.name
                    + "' is locked by another run: its queued events wait."));
        }
        if (lifecycle == Lifecycle.STARTED) {
            planDispatch(fs, false);
        }
    }

    // ---- webhooks ----------------------------------------------------------------------------------------------

    /** See {@code DataflowScheduler.callWebhook}. */
    public TriggeredRun callWebhook(String name, @Nullable String token, Map<String, ?> payload, String address,
            Map<String, String> headers) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(headers, "headers");
        FlowState fs = flows.get(name);
        Registration reg = fs == null ? null : fs.registration;
        TriggerSpec.Webhook hook = reg == null ? null : reg.webhook();
        if (hook == null) {
            throw new WebhookRefusedException(Reason.NOT_FOUND, name,
                    "No dataflow '" + name + "' with a webhook trigger is registered.");
        }
        if (hook.token().isPresent() && !Tokens.matches(hook.token().get(), token)) {
            log.info("Webhook call of dataflow '{}' from {} refused: {} token", name, address,
                    token == null ? "no" : "wrong");
            throw new WebhookRefusedException(Reason.UNAUTHORIZED, name, "The webhook of dataflow '" + name
                    + "' needs its token: Authorization: Bearer <token>.");
        }
        SkipReason refusal = reg.refusal();
        if (refusal != null) {
            listeners.skipped(new Skip(name, Trigger.WEBHOOK, refusal, reg.refusalMessage()));
            throw new WebhookRefusedException(refusal == SkipReason.DISABLED ? Reason.DISABLED : Reason.INVALID,
                    name, reg.refusalMessage());
        }
        if (lifecycle != Lifecycle.STARTED) {
            throw new WebhookRefusedException(Reason.UNAVAILABLE, name,
                    "The scheduler is " + (lifecycle == Lifecycle.NEW ? "not started" : "closing") + ".");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("payload", payload);
        details.put("address", address);
        details.put("headers", Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
        TriggeredRunImpl run;
        synchronized (fs) {
            if (fs.removed) {
                throw new WebhookRefusedException(Reason.NOT_FOUND, name,
                        "No dataflow '" + name + "' with a webhook trigger is registered.");
            }
            if (!reg.flow().isConcurrencyEnabled() && fs.busy()) {
                String message = "Dataflow '" + name + "' is running and does not run concurrently.";
                listeners.skipped(new Skip(name, Trigger.WEBHOOK, SkipReason.LOCKED, message));
                throw new WebhookRefusedException(Reason.LOCKED, name, message);
            }
            run = newRun(fs, reg, Trigger.WEBHOOK, details, 0);
        }
        submit(run);
        return run;
    }

    // ---- runs --------------------------------------------------------------------------------------------------

    /** A run of {@code reg} for {@code fs}, counted in flight; the caller holds {@code fs}'s monitor. */
    private TriggeredRunImpl newRun(FlowState fs, Registration reg, Trigger trigger, Map<String, Object> details,
            int retryNumber) {
        TriggeredRunImpl run = new TriggeredRunImpl(engine, reg.flow(), reg.options(), trigger, details, retryNumber,
                new TriggeredRunImpl.Callbacks() {
                    @Override
                    public void started(TriggeredRunImpl r, String runId) {
                        runStarted(fs, r, runId);
                    }

                    @Override
                    public void ended(TriggeredRunImpl r, @Nullable RunResult result, @Nullable Throwable failure) {
                        runEnded(fs, r, result, failure);
                    }
                });
        fs.inFlight.add(run);
        inFlight.add(run);
        return run;
    }

    private void submit(TriggeredRunImpl run) {
        try {
            workerPool.execute(run);
        } catch (RejectedExecutionException e) {
            run.withdraw("the scheduler is closing");
        }
    }

    private void runStarted(FlowState fs, TriggeredRunImpl run, String runId) {
        if (run.trigger() == Trigger.CRON) {
            synchronized (fs) {
                if (!fs.removed) {
                    saveSchedule(fs.name, policy.runStarted(readSchedule(fs.name), policy.now()));
                }
            }
        }
        log.info("Dataflow '{}': {} run {} started", fs.name, run.trigger().label(), runId);
        listeners.started(fs.name, run.trigger(), runId, run.triggerDetails());
    }

    private void runEnded(FlowState fs, TriggeredRunImpl run, @Nullable RunResult result,
            @Nullable Throwable failure) {
        try {
            synchronized (fs) {
                fs.inFlight.remove(run);
            }
            if (failure != null && !run.wasWithdrawn()) {
                if (failure instanceof DataflowValidationException v) {
                    tellCondition(fs.name, Condition.INVALID, Registration.problems(v));
                } else {
                    log.warn("Dataflow '{}': the {} run could not run: {}", fs.name, run.trigger().label(),
                            failure.getMessage());
                }
            }
            if (result != null) {
                if (result.status() == RunStatus.BLOCKED && run.trigger() != Trigger.EVENT) {
                    listeners.skipped(new Skip(fs.name, run.trigger(), SkipReason.LOCKED, "Dataflow '" + fs.name
                            + "' is locked by another run: the " + run.trigger().label() + " run is skipped."));
                }
                log.info("Dataflow '{}': {} run {} ended {}{}", fs.name, run.trigger().label(), result.runId(),
                        result.status().label(), result.error().map(e -> ": " + e).orElse(""));
            }
            switch (run.trigger()) {
                case CRON -> cronRunEnded(fs, run, result);
                case EVENT -> {
                    if (!run.wasWithdrawn()) {
                        eventRunEnded(fs, result, failure);
                    }
                }
                default -> { }
            }
            if (result != null && result.status() != RunStatus.BLOCKED) {
                listeners.ended(fs.name, run.trigger(), result);
            }
        } catch (RuntimeException e) {
            log.warn("Dataflow '{}': what follows the end of a {} run failed: {}", fs.name, run.trigger().label(),
                    e.toString());
        } finally {
            inFlight.remove(run);
        }
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------------

    private void ensureOpen() {
        Lifecycle now = lifecycle;
        if (now == Lifecycle.CLOSING || now == Lifecycle.CLOSED) {
            throw new IllegalStateException("The scheduler is closed");
        }
    }

    /** See {@code DataflowScheduler.start}. */
    public void start() {
        synchronized (lifecycleLock) {
            if (lifecycle != Lifecycle.NEW) {
                throw new IllegalStateException("The scheduler was started already" + (lifecycle == Lifecycle.STARTED
                        ? "" : " and closed"));
            }
            lifecycle = Lifecycle.STARTED;
        }
        timer.start();
        // The backlog left by earlier processes is looked at here, before start returns, so that events
        // published from now on are never taken for part of it.
        for (FlowState fs : flows.values()) {
            if (fs.registration.event() != null && fs.registration.refusal() == null) {
                dispatch(fs, true);
            }
        }
        control.scheduleWithFixedDelay(this::checkTimer, TIMER_CHECK.toMillis(), TIMER_CHECK.toMillis(),
                TimeUnit.MILLISECONDS);
        log.info("Scheduler started: {} dataflow(s), {} worker(s)", flows.size(), workers);
    }

    /** How often every cron dataflow's pending firing is looked for on the timer. */
    static final Duration TIMER_CHECK = Duration.ofSeconds(10);

    /**
     * Puts back the pending firing of a cron dataflow that the timer no longer holds, as registering it would
     * (from where the state store says the schedule stands). Quartz's clustered store can lose a one-shot trigger
     * that is replaced while schedulers sharing it fire and recover each other's firings under load; the schedule
     * must not stop for that. The state store's firing guard ({@link ScheduleStates#take}) keeps a firing that is put
     * back while another scheduler runs it from running twice.
     */
    private void checkTimer() {
        if (lifecycle != Lifecycle.STARTED) {
            return;
        }
        for (FlowState fs : flows.values()) {
            try {
                synchronized (fs) {
                    TriggerSpec.Cron cron = fs.removed ? null : fs.registration.cron();
                    if (cron == null || timer.pending(fs.name).isPresent()) {
                        continue;
                    }
                    Optional<ScheduleState> state = schedules.read(fs.name);
                    if (state.isPresent() && state.get().nextRunAt() == null) {
                        continue; // the schedule never matches again
                    }
                    if (state.isPresent()
                            && !state.get().nextRunAt().plus(TIMER_CHECK).isBefore(policy.now())) {
                        // Due in the future, or firing right now (between a firing and the next one being put):
                        // only a firing late by more than a check's interval is missing.
                        continue;
                    }
                    log.warn("Dataflow '{}': the timer held no pending firing; it is put back", fs.name);
                    scheduleOnRegistration(fs, cron);
                }
            } catch (RuntimeException e) {
                log.warn("Dataflow '{}': its pending firing could not be checked: {}", fs.name, e.getMessage());
            }
        }
    }

    /** True between start and close. */
    public boolean isStarted() {
        return lifecycle == Lifecycle.STARTED;
    }

    /** See {@code DataflowScheduler.close}. */
    public boolean close(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        synchronized (lifecycleLock) {
            if (lifecycle == Lifecycle.CLOSING || lifecycle == Lifecycle.CLOSED) {
                return inFlight.isEmpty();
            }
            lifecycle = Lifecycle.CLOSING;
        }
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        try {
            timer.standby();
        } catch (IllegalStateException e) {
            log.warn("{}", e.getMessage());
        }
        control.shutdownNow();
        // Shut first, so that nothing is queued after the queue is emptied.
        workerPool.shutdown();
        for (Runnable queued : workerPool.getQueue().toArray(new Runnable[0])) {
            if (queued instanceof TriggeredRunImpl run && workerPool.remove(run)) {
                run.withdraw("the scheduler closed");
            }
        }
        boolean ended = awaitRuns(deadline);
        if (!ended) {
            List<TriggeredRunImpl> left = List.copyOf(inFlight);
            log.warn("Scheduler closing: {} run(s) still going after {}; cancelling them", left.size(), timeout);
            for (TriggeredRunImpl run : left) {
                run.cancel("cancelled: the scheduler closed");
            }
            ended = awaitRuns(System.nanoTime() + CANCEL_GRACE.toNanos());
        }
        try {
            timer.shutdown();
        } catch (IllegalStateException e) {
            log.warn("{}", e.getMessage());
        }
        lifecycle = Lifecycle.CLOSED;
        log.info("Scheduler closed{}", ended ? "" : ": some cancelled runs had not ended");
        return ended;
    }

    /** Waits until every run in flight has ended (and what follows it was done), or the deadline. */
    private boolean awaitRuns(long deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                List<TriggeredRunImpl> runs = List.copyOf(inFlight);
                if (runs.isEmpty()) {
                    return true;
                }
                for (TriggeredRunImpl run : runs) {
                    try {
                        if (!run.awaitFinished(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                            return false;
                        }
                    } catch (InterruptedException e) {
                        interrupted = true;
                        if (deadline - System.nanoTime() <= 0) {
                            return false;
                        }
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
