package io.dataflows.scheduler.internal;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.DBConnectionManager;

/**
 * The timer of cron dataflows, on Quartz: one durable job per dataflow and at most one one-shot trigger, due at
 * the dataflow's next firing (a regular time or a retry). The scheduler computes each time from the dataflow's
 * {@link io.dataflows.CronSchedule} and puts it here; Quartz keeps it (in memory, or in a database where it outlives
 * the process), fires it — late, once, when it was missed — and, clustered on a database, fires it in exactly one
 * of the processes sharing that database.
 *
 * <p>Trigger data: the instant the firing was due (a late firing still knows the time it stands for) and its retry
 * number. Job data: the dataflow's name and the fingerprint of its schedule ({@link Registration#fingerprint}).
 */
public final class QuartzTimer {

    /** Called on a Quartz thread when a dataflow's firing is due. */
    public interface Firing {
        void fired(String dataflow, Instant scheduledAt, int retryNumber);
    }

    private static final String GROUP = "dataflows";
    private static final String FLOW = "flow";
    private static final String FINGERPRINT = "fingerprint";
    private static final String SCHEDULED_AT = "scheduledAt";
    private static final String RETRY = "retry";
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final Scheduler quartz;

    private QuartzTimer(Properties properties, Firing firing) {
        try {
            // Quartz keeps schedulers in a JVM-wide registry by name, and its factory hands out the one registered
            // under a name instead of making another. The timer is reached through this object only, and the
            // schedulers of a cluster share a name (two may live in one JVM), so the name is released at once,
            // with creations one at a time so that none is handed another's.
            synchronized (QuartzTimer.class) {
                quartz = new StdSchedulerFactory(properties).getScheduler();
                SchedulerRepository.getInstance().remove(quartz.getSchedulerName());
            }
            quartz.setJobFactory((bundle, scheduler) -> new FiringJob(firing));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot create the scheduler's timer: " + e.getMessage(), e);
        }
    }

    /** A timer in memory: its triggers live and die with the process. */
    public static QuartzTimer inMemory(int threads, Firing firing) {
        Properties p = common("dataflows-" + INSTANCES.incrementAndGet(), threads);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        return new QuartzTimer(p, firing);
    }

    /**
     * A timer in the database behind {@code dataSource}, clustered with every timer of the same {@code name} on
     * it; its tables ({@code prefix}*) are created when missing.
     */
    public static QuartzTimer clustered(DataSource dataSource, String prefix, String name, int threads,
            Firing firing) {
        QuartzTables.Dialect dialect = QuartzTables.dialect(dataSource);
        QuartzTables.create(dataSource, dialect, prefix);
        String instance = instanceId();
        String connections = "dataflows-" + instance;
        DBConnectionManager.getInstance().addConnectionProvider(connections, new DataSourceConnections(dataSource));
        Properties p = common(name, threads);
        p.setProperty("org.quartz.scheduler.instanceId", instance);
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", dialect.delegate);
        p.setProperty("org.quartz.jobStore.dataSource", connections);
        p.setProperty("org.quartz.jobStore.tablePrefix", prefix);
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.makeThreadsDaemons", "true");
        return new QuartzTimer(p, firing);
    }

    private static Properties common(String name, int threads) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", name);
        p.setProperty("org.quartz.scheduler.instanceId", "local");
        p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        // Another scheduler of a cluster may put a trigger on the database that this one is the first to see.
        p.setProperty("org.quartz.scheduler.idleWaitTime", "5000");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "dataflows-timer-" + name);
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        return p;
    }

    /** Unique among the processes of a cluster, and readable in Quartz's tables. */
    private static String instanceId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Starts firing. */
    public void start() {
        try {
            quartz.start();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot start the scheduler's timer: " + e.getMessage(), e);
        }
    }

    /** Stops firing; triggers can still be put and are kept. */
    public void standby() {
        try {
            quartz.standby();
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot pause the scheduler's timer: " + e.getMessage(), e);
        }
    }

    /** Stops the timer for good, waiting for firings in progress (they only hand runs over). */
    public void shutdown() {
        try {
            quartz.shutdown(true);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot stop the scheduler's timer: " + e.getMessage(), e);
        }
    }

    /**
     * The fingerprint of the schedule the timer holds a pending firing of for {@code dataflow}, with that firing's
     * due time; empty when it holds none.
     */
    public Optional<Pending> pending(String dataflow) {
        try {
            JobDetail job = quartz.getJobDetail(jobKey(dataflow));
            Trigger trigger = quartz.getTrigger(triggerKey(dataflow));
            if (job == null || trigger == null || trigger.getNextFireTime() == null) {
                return Optional.empty();
            }
            return Optional.of(new Pending(job.getJobDataMap().getString(FINGERPRINT),
                    Instant.ofEpochMilli(Long.parseLong(trigger.getJobDataMap().getString(SCHEDULED_AT))),
                    Integer.parseInt(trigger.getJobDataMap().getString(RETRY))));
        } catch (SchedulerException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the timer of dataflow '" + dataflow + "': " + e.getMessage(),
                    e);
        }
    }

    /** A firing the timer holds: the schedule's fingerprint, when it is due, its retry number. */
    public record Pending(String fingerprint, Instant scheduledAt, int retryNumber) {}

    /**
     * Sets the one pending firing of {@code dataflow}: due at {@code scheduledAt} (at once when that has passed),
     * replacing any other.
     */
    public void schedule(String dataflow, String fingerprint, Instant scheduledAt, int retryNumber) {
        put(dataflow, fingerprint, scheduledAt, retryNumber, true);
    }

    /**
     * Like {@link #schedule}, unless the timer holds a pending firing of {@code dataflow} already (another scheduler
     * of the cluster may have put it a moment ago).
     *
     * @return false, putting nothing, when there was one
     */
    public boolean scheduleIfNone(String dataflow, String fingerprint, Instant scheduledAt, int retryNumber) {
        return put(dataflow, fingerprint, scheduledAt, retryNumber, false);
    }

    private boolean put(String dataflow, String fingerprint, Instant scheduledAt, int retryNumber,
            boolean replace) {
        JobKey jobKey = jobKey(dataflow);
        JobDataMap data = new JobDataMap();
        data.put(SCHEDULED_AT, Long.toString(scheduledAt.toEpochMilli()));
        data.put(RETRY, Integer.toString(retryNumber));
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(triggerKey(dataflow)).forJob(jobKey)
                .usingJobData(data).startAt(Date.from(scheduledAt))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
        try {
            if (quartz.getTrigger(trigger.getKey()) != null) {
                if (!replace) {
                    return false;
                }
                storeJob(dataflow, fingerprint);
                quartz.rescheduleJob(trigger.getKey(), trigger);
                return true;
            }
            storeJob(dataflow, fingerprint);
            try {
                quartz.scheduleJob(trigger);
            } catch (ObjectAlreadyExistsException raced) {
                // Another scheduler of the cluster put one between the look and the store.
                if (!replace) {
                    return false;
                }
                quartz.rescheduleJob(trigger.getKey(), trigger);
            }
            return true;
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot schedule dataflow '" + dataflow + "' at " + scheduledAt + ": "
                    + e.getMessage(), e);
        }
    }

    private void storeJob(String dataflow, String fingerprint) throws SchedulerException {
        quartz.addJob(JobBuilder.newJob(FiringJob.class).withIdentity(jobKey(dataflow)).storeDurably()
                .usingJobData(FLOW, dataflow).usingJobData(FINGERPRINT, fingerprint).build(), true);
    }

    /** Forgets {@code dataflow}'s job and pending firing. */
    public void delete(String dataflow) {
        try {
            quartz.deleteJob(jobKey(dataflow));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot unschedule dataflow '" + dataflow + "': " + e.getMessage(), e);
        }
    }

    /** Whether the timer has a job for {@code dataflow} (with or without a pending firing). */
    public boolean has(String dataflow) {
        try {
            return quartz.checkExists(jobKey(dataflow));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Cannot read the timer of dataflow '" + dataflow + "': " + e.getMessage(),
                    e);
        }
    }

    /** Dataflow names up to Quartz's key length are used as they are; longer ones by their SHA-256. */
    static String keyName(String dataflow) {
        if (dataflow.length() <= 150) {
            return dataflow;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(dataflow.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JobKey jobKey(String dataflow) {
        return JobKey.jobKey(keyName(dataflow), GROUP);
    }

    private static TriggerKey triggerKey(String dataflow) {
        return TriggerKey.triggerKey(keyName(dataflow), GROUP);
    }

    /** The job Quartz runs at a firing: hands it to the scheduler (the job factory gives it the callback). */
    public static final class FiringJob implements Job {
        private final @Nullable Firing firing;

        /** Quartz requires a public no-argument constructor of job classes; the factory uses the other. */
        public FiringJob() {
            this(null);
        }

        FiringJob(@Nullable Firing firing) {
            this.firing = firing;
        }

        @Override
        public void execute(JobExecutionContext context) {
            if (firing == null) {
                return;
            }
            JobDataMap job = context.getJobDetail().getJobDataMap();
            JobDataMap trigger = context.getTrigger().getJobDataMap();
            firing.fired(job.getString(FLOW),
                    Instant.ofEpochMilli(Long.parseLong(trigger.getString(SCHEDULED_AT))),
                    Integer.parseInt(trigger.getString(RETRY)));
        }
    }
}
