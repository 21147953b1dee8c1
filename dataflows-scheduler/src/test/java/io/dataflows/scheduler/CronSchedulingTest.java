package io.dataflows.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.Trigger;
import io.dataflows.TriggerSpec;
import io.dataflows.scheduler.RecordingSchedulerListener.Started;
import io.dataflows.scheduler.SchedulerListener.Skip;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.ScheduleState;
import io.dataflows.testkit.TestConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cron dataflows on the in-memory timer, with schedules of a second: firings, retries, skips, misfires, close. */
class CronSchedulingTest {

    private static final StepSpec EVERY_SECOND = StepSpec.of(TestCronTrigger.ID).with("every", 1);
    private static final StepSpec WORK = StepSpec.of(TestConnector.ID);
    private static final StepSpec ABORT = StepSpec.of(TestConnector.ID).with("outcome", "abort");

    private final SchedulerFixture f = SchedulerFixture.inMemory();

    @AfterEach
    void close() {
        f.close();
    }

    private static Dataflow flow(String name, StepSpec trigger, StepSpec work) {
        return Dataflow.builder(name).start("cron", trigger).then("work", work).build();
    }

    private static StepSpec at(Instant... times) {
        return StepSpec.of(TestCronTrigger.ID).with("times", List.of(times).stream().map(Instant::toString).toList());
    }

    @Test
    void firesAtEveryMatchAndAdvancesTheScheduleItself() {
        f.scheduler.register(flow("tick", EVERY_SECOND, WORK));
        f.scheduler.start();

        Eventually.until("three runs of tick ended", () -> f.results("tick").size() >= 3);

        List<Started> started = f.listener.started("tick");
        List<Instant> due = started.stream().map(s -> Instant.parse((String) s.details().get("scheduledat")))
                .toList();
        assertThat(started).allSatisfy(s -> {
            assertThat(s.trigger()).isEqualTo(Trigger.CRON);
            assertThat(s.details()).containsOnlyKeys("scheduledat", "retry").containsEntry("retry", 0);
        });
        // Each due time is a whole second, after the one before: every firing ran once.
        assertThat(due).allSatisfy(t -> assertThat(t.getNano()).isZero());
        assertThat(due).isSortedAccordingTo(Instant::compareTo).doesNotHaveDuplicates();
        assertThat(f.results("tick")).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINALISED));
        assertThat(f.runThreads()).allSatisfy(t -> assertThat(t).isEqualTo("dataflows-run-tick"));

        ScheduleState state = f.scheduler.schedule("tick").orElseThrow();
        assertThat(state.retryNumber()).isZero();
        assertThat(state.lastRunAt()).isNotNull();
        assertThat(state.nextRunAt()).isAfter(state.lastRunAt()).isAfter(due.get(due.size() - 1));
        assertThat(state.nextRunAt().getNano()).isZero();
        assertThat(f.store.runs("tick")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void anAbortedRunIsRetriedUpToTheRetryCountThenTheRegularScheduleResumes() {
        Instant first = Instant.now().plusMillis(1500).truncatedTo(ChronoUnit.MILLIS);
        Instant second = first.plusSeconds(3);
        StepSpec trigger = at(first, second).with("retryms", 300).with("retrycount", 1);
        f.scheduler.register(flow("flaky", trigger, ABORT));
        assertThat(f.scheduler.schedule("flaky")).contains(new ScheduleState(null, first, 0));
        f.scheduler.start();

        Eventually.until("two regular runs of flaky and their retries ended", () -> f.results("flaky").size() >= 4
                && f.scheduler.schedule("flaky").orElseThrow().nextRunAt() == null);

        List<Started> started = f.listener.started("flaky");
        assertThat(started).extracting(s -> s.details().get("retry")).containsExactly(0, 1, 0, 1);
        assertThat(started.get(0).details()).containsEntry("scheduledat", format(first));
        assertThat(started.get(2).details()).containsEntry("scheduledat", format(second));
        assertThat(f.results("flaky")).hasSize(4)
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.ABORTED));
        // Each retry was scheduled retryms after its aborted run ended (and was handled), as retry 1 of 1.
        assertThat(f.listener.retried()).hasSize(2).allSatisfy(r -> {
            assertThat(r.dataflow()).isEqualTo("flaky");
            assertThat(r.retryNumber()).isEqualTo(1);
            assertThat(r.aborted().status()).isEqualTo(RunStatus.ABORTED);
            assertThat(Duration.between(r.aborted().finishedAt(), r.at())).isBetween(Duration.ofMillis(300),
                    Duration.ofMillis(300 + Eventually.LIMIT_MILLIS));
        });
        RunResult lastRetry = f.results("flaky").get(3);
        ScheduleState state = f.scheduler.schedule("flaky").orElseThrow();
        assertThat(state.nextRunAt()).isNull();
        assertThat(state.retryNumber()).isZero();
        assertThat(state.lastRunAt()).isBetween(lastRetry.startedAt(), lastRetry.finishedAt());
        // The regular time came back between the two: the second regular firing was due when scheduled.
        assertThat(f.listener.scheduled()).contains("flaky " + first, "flaky " + second);
        // Each run is ended for the scheduler once its retry is scheduled, in the order the runs ended.
        Eventually.until("the scheduler is done with the four runs", () -> f.listener.ended().size() == 4);
        assertThat(f.listener.ended()).containsExactlyElementsOf(f.results("flaky").stream()
                .map(r -> "flaky cron " + r.runId() + " aborted").toList());
    }

    private static String format(Instant t) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(t);
    }

    @Test
    void disabledAndInvalidDataflowsAreNeverStartedAndLoggedOnceWhenTheyBecomeSo() {
        try (LogCapture log = LogCapture.of("io.dataflows.scheduler")) {
            f.scheduler.register(Dataflow.builder("off").enabled(false).start("cron", EVERY_SECOND)
                    .then("work", WORK).build());
            f.scheduler.register(flow("breaks", EVERY_SECOND, WORK));
            f.scheduler.start();
            Eventually.until("breaks ran once", () -> f.results("breaks").size() >= 1);
            // A step of an unknown type makes the new version invalid; its trigger still reads.
            f.scheduler.replace(Dataflow.builder("breaks").start("cron", EVERY_SECOND)
                    .then("work", StepSpec.of("no_such_type")).build());
            int runsBefore = f.results("breaks").size();

            Eventually.until("three firings of each skipped", () -> f.listener.skipped("off").size() >= 3
                    && f.listener.skipped("breaks").size() >= 3);

            assertThat(f.results("off")).isEmpty();
            assertThat(f.store.runs("off")).isEmpty();
            // A run that had started before the replacement may still end; no run starts after it.
            assertThat(f.listener.started("breaks")).hasSize(runsBefore);
            assertThat(f.listener.skipped("off")).allSatisfy(s -> assertThat(s).isEqualTo(
                    new Skip("off", Trigger.CRON, SkipReason.DISABLED, "Dataflow 'off' is disabled.")));
            assertThat(f.listener.skipped("breaks")).allSatisfy(s -> assertThat(s).isEqualTo(
                    new Skip("breaks", Trigger.CRON, SkipReason.INVALID, "Dataflow 'breaks' is invalid.")));
            assertThat(log.lines("'off'")).filteredOn(l -> !l.startsWith("DEBUG")).containsExactly(
                    "INFO Dataflow 'off' is disabled: its trigger will not start it until it is enabled");
            assertThat(log.lines("'breaks' is invalid")).hasSize(1).first().asString()
                    .startsWith("WARN Dataflow 'breaks' is invalid: its trigger will not start it until a valid "
                            + "version is registered. ")
                    .contains("no_such_type");

            // Enabled again: it runs, and that is logged once.
            f.scheduler.replace(flow("off", EVERY_SECOND, WORK));
            Eventually.until("off ran", () -> f.results("off").size() >= 2);
            assertThat(log.lines("'off' is enabled")).containsExactly(
                    "INFO Dataflow 'off' is enabled and valid: its trigger starts it again");
        }
    }

    @Test
    void warningsOfAValidDataflowAreLoggedOnceWhenItIsRegisteredAndItStillRuns() {
        try (LogCapture log = LogCapture.of("io.dataflows.scheduler")) {
            Dataflow warned = flow("warned", EVERY_SECOND, WORK.with("template", "left over"));
            f.scheduler.register(warned);
            f.scheduler.start();
            Eventually.until("warned ran", () -> f.results("warned").size() >= 1);
            f.scheduler.replace(warned);

            assertThat(log.lines("'warned' has warnings")).containsExactly("WARN Dataflow 'warned' has warnings (it "
                    + "runs all the same): " + f.engine.validate(warned, RunOptions.defaults()).warnings().get(0));
            assertThat(log.lines("'warned' has warnings").get(0)).contains("warning: work: ").contains("template");
        }
    }

    @Test
    void aFiringMissedWhileNoSchedulerRanFiresOnceAtStartUp() {
        Instant missed = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        Instant lastRun = missed.minus(Duration.ofHours(1));
        f.store.saveSchedule("hourly", new ScheduleState(lastRun, missed, 0));
        f.scheduler.register(flow("hourly", StepSpec.of(TestCronTrigger.ID).with("every", 3600), WORK));
        f.scheduler.start();

        Eventually.until("the missed firing ran", () -> f.results("hourly").size() == 1);

        assertThat(f.listener.started("hourly")).singleElement().satisfies(s -> assertThat(s.details())
                .isEqualTo(Map.of("scheduledat", format(missed), "retry", 0)));
        ScheduleState state = f.scheduler.schedule("hourly").orElseThrow();
        Instant nextHour = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        assertThat(state.nextRunAt()).isIn(nextHour, nextHour.plus(Duration.ofHours(1)));
        assertThat(state.lastRunAt()).isAfter(missed.plus(Duration.ofHours(1)));
        assertThat(f.results("hourly")).hasSize(1);
    }

    @Test
    void aFiringThatFindsANonConcurrentDataflowRunningIsSkippedAndLogged() {
        try (LogCapture log = LogCapture.of("io.dataflows.scheduler")) {
            f.scheduler.register(flow("long", EVERY_SECOND, StepSpec.of(GateStep.ID).with("gate", "long")));
            f.scheduler.start();

            Eventually.until("two firings skipped", () -> f.listener.skipped("long").size() >= 2);

            assertThat(f.gates.entered("long")).isEqualTo(1);
            assertThat(f.listener.skipped("long")).allSatisfy(s -> {
                assertThat(s.reason()).isEqualTo(SkipReason.LOCKED);
                assertThat(s.trigger()).isEqualTo(Trigger.CRON);
                assertThat(s.message()).matches("Dataflow 'long' is still running: the firing due at "
                        + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000Z is skipped\\.");
            });
            assertThat(log.lines("is still running")).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(l -> assertThat(l).startsWith("INFO Dataflow 'long' is still running"));
            f.gates.open("long");
            Eventually.until("long ran again", () -> f.results("long").size() >= 2);
            assertThat(f.results("long")).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.FINALISED));
        }
    }

    @Test
    void closeWaitsForRunsUpToItsTimeoutThenCancelsThem() {
        f.scheduler.register(flow("stuck", EVERY_SECOND, StepSpec.of(GateStep.ID).with("gate", "never")));
        f.scheduler.start();
        Eventually.until("stuck is running", () -> f.gates.entered("never") == 1);

        assertThat(f.scheduler.close(Duration.ofMillis(200))).isTrue();

        assertThat(f.results("stuck")).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(r.cancelReason()).contains("cancelled: the scheduler closed");
        });
        RunRecord record = f.store.runs("stuck").get(0);
        assertThat(record.status()).isEqualTo("cancelled");
        assertThat(record.error()).isEqualTo("cancelled: the scheduler closed");
        assertThat(f.scheduler.isStarted()).isFalse();
        assertThatThrownBy(() -> f.scheduler.register(flow("late", EVERY_SECOND, WORK)))
                .isInstanceOf(IllegalStateException.class).hasMessage("The scheduler is closed");
        assertThat(f.scheduler.close(Duration.ZERO)).as("closing again").isTrue();
    }

    @Test
    void closeLetsARunEndThatEndsWithinItsTimeout() throws Exception {
        f.scheduler.register(flow("slow", EVERY_SECOND, StepSpec.of(GateStep.ID).with("gate", "slow")));
        f.scheduler.start();
        Eventually.until("slow is running", () -> f.gates.entered("slow") == 1);

        Thread closer = new Thread(() -> assertThat(f.scheduler.close(Duration.ofSeconds(20))).isTrue());
        closer.start();
        Eventually.until("the scheduler is closing", () -> !f.scheduler.isStarted());
        f.gates.open("slow");
        closer.join();

        assertThat(f.results("slow")).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.FINALISED));
    }

    @Test
    void registrationRulesAndUnregistering() {
        f.scheduler.register(flow("a", EVERY_SECOND, WORK));
        assertThatThrownBy(() -> f.scheduler.register(flow("a", EVERY_SECOND, WORK)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dataflow 'a' is registered already; replace(flow) registers a new version of it");
        f.scheduler.replace(flow("b", EVERY_SECOND, WORK));
        assertThat(f.scheduler.dataflows()).containsExactly("a", "b");
        assertThat(f.scheduler.trigger("a")).get().isInstanceOf(TriggerSpec.Cron.class);
        assertThat(f.scheduler.schedule("a")).isPresent();

        assertThat(f.scheduler.unregister("a")).isTrue();
        assertThat(f.scheduler.unregister("a")).isFalse();
        assertThat(f.scheduler.dataflows()).containsExactly("b");
        assertThat(f.scheduler.schedule("a")).isEmpty();
        assertThat(f.store.schedule("a")).isEmpty();

        f.scheduler.start();
        Eventually.until("b ran", () -> f.results("b").size() >= 1);
        assertThat(f.results("a")).isEmpty();
        assertThatThrownBy(f.scheduler::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("The scheduler was started already");
    }

    @Test
    void theRunsOfADataflowGetTheOptionsItWasRegisteredWith(@TempDir Path dir) throws Exception {
        Dataflow writes = flow("writes", EVERY_SECOND, StepSpec.of(TestConnector.ID).with("path", "out.txt"));
        f.scheduler.register(writes);
        assertThat(f.scheduler.trigger("writes")).as("invalid without a base directory, trigger still known")
                .get().isInstanceOf(TriggerSpec.Cron.class);

        f.scheduler.replace(writes, RunOptions.builder().baseDir(dir).var("who", "scheduler").build());
        f.scheduler.start();

        Eventually.until("writes ran", () -> f.results("writes").size() >= 1);
        assertThat(Files.readString(dir.resolve("out.txt"))).isEqualTo("x");
        assertThat(f.results("writes").get(0).variable("dataflow.vars.who")).contains("scheduler");
        assertThatThrownBy(() -> f.scheduler.replace(writes, RunOptions.builder().dryRun(true).build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Triggered runs are real runs: the options must not ask for a dry run");
    }
}
