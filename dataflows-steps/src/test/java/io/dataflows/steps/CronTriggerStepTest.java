package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.dataflows.CronSchedule;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepDefinition;
import io.dataflows.StepSpec;
import io.dataflows.TriggerSpec;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.TestKit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code trigger_cron}: its validation, the schedule the scheduler reads, its exact next times, and runs. */
class CronTriggerStepTest {

    private final TestKit kit = new TestKit();
    private final DataflowEngine engine = kit.builder().build();

    private static Dataflow flow(StepDefinition trigger) {
        return Dataflow.builder("scheduled")
                .step("cron", trigger)
                .step("read", StepSpec.of("test_source").with("source", List.of(Map.of("a", 1L))))
                .dependsOn("cron")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("read")
                .build();
    }

    private static StepSpec cron(Object... keysAndValues) {
        StepSpec spec = StepSpec.of("trigger_cron");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            spec = spec.with((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return spec;
    }

    private List<Problem> problems(StepSpec trigger) {
        return engine.validate(flow(trigger)).problems();
    }

    private CronSchedule schedule(StepDefinition trigger) {
        return ((TriggerSpec.Cron) engine.trigger(flow(trigger)).orElseThrow()).schedule();
    }

    /** The next {@code n} times after {@code from}. */
    private static List<Instant> next(CronSchedule schedule, String from, int n) {
        List<Instant> times = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            t = schedule.nextAfter(t).orElseThrow();
            times.add(t);
        }
        return times;
    }

    private static List<Instant> instants(String... times) {
        List<Instant> out = new ArrayList<>();
        for (String t : times) {
            out.add(Instant.parse(t));
        }
        return out;
    }

    // ---- validation ------------------------------------------------------------------------------------------------

    @Test
    void theSeedFormWithEveryFieldAStarIsValid() {
        assertThat(problems(cron("minute", "*", "hour", "*", "day", "*", "month", "*", "dayofweek", "*",
                "retryinterval", 0L, "retrycount", 0L))).isEmpty();
        assertThat(problems(cron())).isEmpty();
        assertThat(problems(cron("schedule", "*/5 * * * *", "timezone", "Europe/Berlin"))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "minute    | 60     | Config 'minute' is invalid: Value 60 not in range [0, 59].",
        "minute    | */0    | Config 'minute' is invalid: Period 0 not in range [0, 59].",
        "minute    | 5-2    | Config 'minute' is invalid: Invalid range! [5,2].",
        "minute    | 1 2    | Config 'minute' is invalid: it must be one crontab field, without spaces.",
        "minute    | -1     | Config 'minute' is invalid: Invalid expression! Expression: -1 does not describe a "
                + "range. Negative numbers are not allowed.",
        "hour      | 24     | Config 'hour' is invalid: Value 24 not in range [0, 23].",
        "day       | 0      | Config 'day' is invalid: Value 0 not in range [1, 31].",
        "day       | 32     | Config 'day' is invalid: Value 32 not in range [1, 31].",
        "month     | 13     | Config 'month' is invalid: Value 13 not in range [1, 12].",
        "dayofweek | 8      | Config 'dayofweek' is invalid: Value 8 not in range [0, 7].",
        "dayofweek | L      | Config 'dayofweek' is invalid: Invalid chars in expression! Expression: L Invalid "
                + "chars: L.",
    })
    void anInvalidFieldIsAnInvalidScheduleOnCrontabWithItsReasonOnTheField(String field, String value,
            String reason) {
        assertThat(problems(cron(field, value))).containsExactly(
                new Problem("cron", "config.crontab", "Schedule configuration is invalid."),
                new Problem("cron", "config." + field, reason));
    }

    @Test
    void scheduleTextIsCheckedLikeTheFieldsAndNotBesideThem() {
        assertThat(problems(cron("schedule", "*/5 * * *"))).containsExactly(
                new Problem("cron", "config.crontab", "Schedule configuration is invalid."),
                new Problem("cron", "config.schedule",
                        "Config 'schedule' is invalid: Cron expression contains 4 parts but we expect one of [5]."));
        assertThat(problems(cron("schedule", "0 24 * * *"))).extracting(Problem::field, Problem::message)
                .containsExactly(tuple("config.crontab", "Schedule configuration is invalid."),
                        tuple("config.schedule", "Config 'schedule' is invalid: Value 24 not in range [0, 23]."));
        assertThat(problems(cron("schedule", "*/5 * * * *", "minute", "*"))).containsExactly(
                new Problem("cron", "config.schedule", "Give either 'schedule' or the five fields minute, hour, day, "
                        + "month and dayofweek, not both."));
    }

    @Test
    void retriesAndTheTimeZoneHaveTheirOwnMessages() {
        assertThat(problems(cron("retryinterval", -1L))).containsExactly(
                new Problem("cron", "config.retryinterval", "Retry interval must be positive or 0"));
        assertThat(problems(cron("retrycount", "-3"))).containsExactly(
                new Problem("cron", "config.retrycount", "Number of retries must be positive or 0"));
        assertThat(problems(cron("retrycount", 3_000_000_000L))).containsExactly(
                new Problem("cron", "config.retrycount", "Number of retries must be at most 2147483647"));
        assertThat(problems(cron("retryinterval", "soon"))).containsExactly(
                new Problem("cron", "config.retryinterval", "Config 'retryinterval' is invalid. It must be a whole "
                        + "number."));
        assertThat(problems(cron("timezone", "Mars/Olympus_Mons"))).containsExactly(
                new Problem("cron", "config.timezone", "Config 'timezone' is invalid: 'Mars/Olympus_Mons' is not a "
                        + "time zone. Give an IANA time zone id such as Europe/Berlin, or UTC."));
    }

    @Test
    void aTriggerMustNotDependOnAnotherStep() {
        Dataflow late = Dataflow.builder("late")
                .step("first", StepSpec.of("connector_noop"))
                .step("cron", cron()).dependsOn("first")
                .build();
        Dataflow two = Dataflow.builder("two")
                .step("cron", cron())
                .step("hook", Steps.webhookTrigger())
                .build();

        assertThat(engine.validate(late).problems()).containsExactly(new Problem("cron", "inputs",
                "Invalid number of input connectors (Found: 1). No inputs allowed"));
        assertThat(engine.validate(two).problems()).containsExactly(
                new Problem(null, null, "A dataflow can have at most one trigger step."));
    }

    // ---- what the scheduler reads -----------------------------------------------------------------------------------

    @Test
    void theSchedulerReadsTheFieldsRetriesAndZone() {
        TriggerSpec spec = engine.trigger(flow(cron("minute", 30L, "hour", "2", "dayofweek", "1-5",
                "retryinterval", "90", "retrycount", 2L, "timezone", "Europe/Berlin"))).orElseThrow();

        assertThat(spec).isInstanceOf(TriggerSpec.Cron.class);
        TriggerSpec.Cron cron = (TriggerSpec.Cron) spec;
        assertThat(cron.step()).isEqualTo("cron");
        assertThat(cron.schedule().expression()).isEqualTo("30 2 * * 1-5");
        assertThat(cron.schedule().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
        assertThat(cron.retryInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(cron.retryCount()).isEqualTo(2);
    }

    @Test
    void withoutATimeZoneTheScheduleIsReadInTheZoneOfTheEnginesClock() {
        DataflowEngine tokyo = kit.builder().clock(Clock.fixed(Instant.EPOCH, ZoneId.of("Asia/Tokyo"))).build();

        CronSchedule utc = schedule(Steps.cronTrigger("0 9 * * *"));
        CronSchedule local = ((TriggerSpec.Cron) tokyo.trigger(flow(Steps.cronTrigger("0 9 * * *")))
                .orElseThrow()).schedule();

        assertThat(utc.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(local.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
        assertThat(local.nextAfter(Instant.parse("2024-05-06T00:00:00Z")))
                .contains(Instant.parse("2024-05-06T00:00:00Z").plus(Duration.ofDays(1)));
        assertThat(utc.nextAfter(Instant.parse("2024-05-06T00:00:00Z")))
                .contains(Instant.parse("2024-05-06T09:00:00Z"));
    }

    @Test
    void theTypedDefinitionSetsScheduleZoneAndRetries() {
        CronTriggerSpec spec = Steps.cronTrigger("*/5 * * * *").timezone(ZoneId.of("America/New_York"))
                .retry(Duration.ofMinutes(2), 3);

        TriggerSpec.Cron cron = (TriggerSpec.Cron) engine.trigger(flow(spec)).orElseThrow();

        assertThat(spec.toStepSpec().config()).isEqualTo(Map.of("schedule", "*/5 * * * *",
                "timezone", "America/New_York", "retryinterval", 120L, "retrycount", 3L));
        assertThat(cron.schedule().expression()).isEqualTo("*/5 * * * *");
        assertThat(cron.retryInterval()).isEqualTo(Duration.ofMinutes(2));
        assertThat(cron.retryCount()).isEqualTo(3);
        assertThatThrownBy(() -> Steps.cronTrigger("* * * * *").retry(Duration.ofMillis(1500), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the retry interval must be whole seconds, 0 or more: PT1.5S");
    }

    @Test
    void aScheduleAnExpressionGaveIsCheckedWhenTheSchedulerReadsIt() {
        Dataflow computed = flow(cron("hour", "${{ dataflow.vars.hour }}")).toBuilder().var("hour", 25).build();

        assertThat(engine.validate(computed).problems()).isEmpty();
        assertThatThrownBy(() -> engine.trigger(computed)).isInstanceOf(DataflowException.class)
                .hasMessage("Cannot read the trigger of dataflow 'scheduled': step 'cron': Schedule configuration is "
                        + "invalid. Config 'hour' is invalid: Value 25 not in range [0, 23].");
        assertThat(((TriggerSpec.Cron) engine.trigger(computed.toBuilder().var("hour", 7).build()).orElseThrow())
                .schedule().expression()).isEqualTo("* 7 * * *");
    }

    // ---- next times -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // schedule           | after                 | the next three times
        "* * * * *            | 2024-05-06T10:00:30Z  | 2024-05-06T10:01:00Z 2024-05-06T10:02:00Z 2024-05-06T10:03:00Z",
        "* * * * *            | 2024-05-06T10:00:00Z  | 2024-05-06T10:01:00Z 2024-05-06T10:02:00Z 2024-05-06T10:03:00Z",
        "7 * * * *            | 2024-05-06T10:08:00Z  | 2024-05-06T11:07:00Z 2024-05-06T12:07:00Z 2024-05-06T13:07:00Z",
        "*/20 * * * *         | 2024-05-06T10:41:00Z  | 2024-05-06T11:00:00Z 2024-05-06T11:20:00Z 2024-05-06T11:40:00Z",
        "0 9,17 * * *         | 2024-05-06T10:00:00Z  | 2024-05-06T17:00:00Z 2024-05-07T09:00:00Z 2024-05-07T17:00:00Z",
        "0 9 * * 1-5          | 2024-05-10T10:00:00Z  | 2024-05-13T09:00:00Z 2024-05-14T09:00:00Z 2024-05-15T09:00:00Z",
        "30 */6 * * *         | 2024-05-06T07:00:00Z  | 2024-05-06T12:30:00Z 2024-05-06T18:30:00Z 2024-05-07T00:30:00Z",
        "0 0 31 * *           | 2024-04-01T00:00:00Z  | 2024-05-31T00:00:00Z 2024-07-31T00:00:00Z 2024-08-31T00:00:00Z",
        "0 0 1 2,8 *          | 2024-05-06T00:00:00Z  | 2024-08-01T00:00:00Z 2025-02-01T00:00:00Z 2025-08-01T00:00:00Z",
        "0 0 29 2 *           | 2024-03-01T00:00:00Z  | 2028-02-29T00:00:00Z 2032-02-29T00:00:00Z 2036-02-29T00:00:00Z",
        "0 12 * * 0           | 2024-05-06T00:00:00Z  | 2024-05-12T12:00:00Z 2024-05-19T12:00:00Z 2024-05-26T12:00:00Z",
        "0 12 * * 7           | 2024-05-06T00:00:00Z  | 2024-05-12T12:00:00Z 2024-05-19T12:00:00Z 2024-05-26T12:00:00Z",
        // day and dayofweek both restricted: either matches (13 May 2024 is a Monday)
        "0 0 13 * 5           | 2024-05-05T00:00:00Z  | 2024-05-10T00:00:00Z 2024-05-13T00:00:00Z 2024-05-17T00:00:00Z",
    })
    void eachShapeOfTheFieldsGivesItsExactNextTimes(String expression, String after, String expected) {
        CronSchedule schedule = schedule(Steps.cronTrigger(expression));

        assertThat(next(schedule, after, 3)).isEqualTo(instants(expected.split(" ")));
    }

    @Test
    void theFiveFieldsAndTheScheduleTextMeanTheSame() {
        CronSchedule fields = schedule(cron("minute", "0,30", "hour", "8-17", "dayofweek", "1-5"));
        CronSchedule text = schedule(Steps.cronTrigger("0,30 8-17 * * 1-5"));

        assertThat(fields.expression()).isEqualTo("0,30 8-17 * * 1-5");
        assertThat(fields).isEqualTo(text);
        assertThat(next(fields, "2024-05-10T17:10:00Z", 3)).isEqualTo(next(text, "2024-05-10T17:10:00Z", 3))
                .isEqualTo(instants("2024-05-10T17:30:00Z", "2024-05-13T08:00:00Z", "2024-05-13T08:30:00Z"));
    }

    @Test
    void aScheduleThatNeverMatchesHasNoNextTime() {
        assertThat(schedule(Steps.cronTrigger("0 0 31 2 *")).nextAfter(Instant.parse("2024-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void aDailyTimeTheClocksSkipFiresWhenTheyJumpAndARepeatedOneFiresOnce() {
        // Europe/Berlin 2024: 02:00 CET becomes 03:00 CEST on 31 March (01:00Z); 03:00 CEST becomes 02:00 CET on
        // 27 October (01:00Z), so 02:30 is 00:30Z and again 01:30Z that day.
        CronSchedule berlin = schedule(Steps.cronTrigger("30 2 * * *").timezone(ZoneId.of("Europe/Berlin")));

        assertThat(next(berlin, "2024-03-29T12:00:00Z", 4)).isEqualTo(instants("2024-03-30T01:30:00Z",
                "2024-03-31T01:00:00Z", "2024-04-01T00:30:00Z", "2024-04-02T00:30:00Z"));
        assertThat(next(berlin, "2024-10-25T12:00:00Z", 4)).isEqualTo(instants("2024-10-26T00:30:00Z",
                "2024-10-27T00:30:00Z", "2024-10-28T01:30:00Z", "2024-10-29T01:30:00Z"));
        assertThat(berlin.nextAfter(Instant.parse("2024-10-27T01:00:00Z")))
                .contains(Instant.parse("2024-10-28T01:30:00Z")); // between the two 02:30s: the first has been
        // America/New_York 2024: 02:00 EST becomes 03:00 EDT on 10 March (07:00Z); 02:00 EDT becomes 01:00 EST on
        // 3 November (06:00Z), so 01:30 is 05:30Z and again 06:30Z that day.
        CronSchedule newYork = schedule(Steps.cronTrigger("30 2 * * *").timezone(ZoneId.of("America/New_York")));
        CronSchedule newYorkRepeated = schedule(Steps.cronTrigger("30 1 * * *")
                .timezone(ZoneId.of("America/New_York")));
        assertThat(next(newYork, "2024-03-09T00:00:00Z", 3)).isEqualTo(instants("2024-03-09T07:30:00Z",
                "2024-03-10T07:00:00Z", "2024-03-11T06:30:00Z"));
        assertThat(next(newYorkRepeated, "2024-11-02T00:00:00Z", 3)).isEqualTo(instants("2024-11-02T05:30:00Z",
                "2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z"));
    }

    @Test
    void anHourlyScheduleRunsByRealTimeAcrossChangesOfTheClocks() {
        CronSchedule hourly = schedule(Steps.cronTrigger("30 * * * *").timezone(ZoneId.of("Europe/Berlin")));
        CronSchedule quarterly = schedule(Steps.cronTrigger("*/15 * * * *").timezone(ZoneId.of("Europe/Berlin")));

        assertThat(next(hourly, "2024-03-30T23:00:00Z", 4)).isEqualTo(instants("2024-03-30T23:30:00Z",
                "2024-03-31T00:30:00Z", "2024-03-31T01:30:00Z", "2024-03-31T02:30:00Z"));
        assertThat(next(hourly, "2024-10-26T23:00:00Z", 4)).isEqualTo(instants("2024-10-26T23:30:00Z",
                "2024-10-27T00:30:00Z", "2024-10-27T01:30:00Z", "2024-10-27T02:30:00Z"));
        assertThat(next(quarterly, "2024-10-27T00:40:00Z", 4)).isEqualTo(instants("2024-10-27T00:45:00Z",
                "2024-10-27T01:00:00Z", "2024-10-27T01:15:00Z", "2024-10-27T01:30:00Z"));
    }

    // ---- runs and the seed fixture ---------------------------------------------------------------------------------

    @Test
    void inARunTheTriggerDoesNothingAndTheFlowRuns() {
        RunResult r = engine.run(flow(Steps.cronTrigger("*/5 * * * *")));

        assertThat(r.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.step("cron").status()).isEqualTo(RunStatus.FINALISED);
        assertThat(kit.sink().maps("sink")).containsExactly(Map.of("a", 1L));
        assertThat(r.variable("run.trigger.type")).contains("manual");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = CronTriggerStepTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aCronFlowInToolDataflowsStyleValidatesAndRoundTrips() throws IOException {
        Dataflow sample = Definitions.readYaml(fixture("php-style-cron.yml"), "php-style-cron.yml");

        assertThat(engine.validate(sample).problems()).isEmpty();
        String exported = Definitions.toYaml(sample, engine.registry());
        Dataflow again = Definitions.readYaml(exported, "exported.yml");
        assertThat(again).isEqualTo(sample);
        assertThat(Definitions.toYaml(again, engine.registry())).isEqualTo(exported);
        assertThat(exported).contains(String.join("\n",
                "  schedule:",
                "    name: schedule",
                "    type: tool_dataflows\\local\\step\\trigger_cron",
                "    config:",
                "      minute: '*'",
                "      hour: '*'",
                "      day: '*'",
                "      month: '*'",
                "      dayofweek: '*'",
                "      retryinterval: 0",
                "      retrycount: 0",
                "  user_ids:"));
        TriggerSpec.Cron cron = (TriggerSpec.Cron) engine.trigger(sample).orElseThrow();
        assertThat(cron.schedule().expression()).isEqualTo("* * * * *");
        assertThat(cron.retryInterval()).isEqualTo(Duration.ZERO);
        assertThat(cron.retryCount()).isZero();
        assertThat(cron.schedule().nextAfter(Instant.parse("2024-05-06T10:00:30Z")))
                .contains(Instant.parse("2024-05-06T10:01:00Z"));
    }
}
