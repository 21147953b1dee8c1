package io.dataflows.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.StateStores;
import io.dataflows.StepSpec;
import io.dataflows.scheduler.RecordingSchedulerListener.Started;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The timer clustered on a database (H2 and PostgreSQL), two schedulers sharing it in one JVM: its tables are
 * created once and found the next time, each firing runs in exactly one of them, and a schedule registered by both
 * keeps the firing the first one put.
 */
class ClusteredTimerTest {

    private static Dataflow tick() {
        return Dataflow.builder("tick").concurrencyEnabled(true)
                .start("cron", StepSpec.of(TestCronTrigger.ID).with("every", 1))
                .then("work", StepSpec.of(TestConnector.ID)).build();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twoSchedulersOnOneDatabaseRunEachFiringOnce(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            SchedulerFixture a = new SchedulerFixture(StateStores.jdbc(db.dataSource()),
                    b -> b.dataSource(db.dataSource()).clusterName("test-cluster"));
            SchedulerFixture b = new SchedulerFixture(StateStores.jdbc(db.dataSource()),
                    s -> s.dataSource(db.dataSource()).clusterName("test-cluster"));
            try {
                a.scheduler.register(tick());
                b.scheduler.register(tick());
                a.scheduler.start();
                b.scheduler.start();

                Eventually.until("six firings ran", () -> a.listener.started().size()
                        + b.listener.started().size() >= 6);
                a.scheduler.close();
                b.scheduler.close();

                List<Started> all = new ArrayList<>(a.listener.started());
                all.addAll(b.listener.started());
                List<Object> due = all.stream().map(s -> s.details().get("scheduledat")).toList();
                assertThat(due).hasSizeGreaterThanOrEqualTo(6).doesNotHaveDuplicates();
                assertThat(a.store.runs("tick")).hasSize(all.size());
            } finally {
                a.close();
                b.close();
            }
            // The tables were made by the first scheduler; the others found them.
            assertThat(db.number("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = "
                    + "CURRENT_SCHEMA AND UPPER(table_name) LIKE 'DATAFLOWS\\_QRTZ\\_%'")).isEqualTo(11);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aScheduleRegisteredAgainWithTheSameFingerprintKeepsItsPendingFiring(TestDatabase.Kind kind) {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Dataflow hourly = Dataflow.builder("hourly")
                    .start("cron", StepSpec.of(TestCronTrigger.ID).with("every", 3600))
                    .then("work", StepSpec.of(TestConnector.ID)).build();
            SchedulerFixture first = new SchedulerFixture(StateStores.jdbc(db.dataSource()),
                    b -> b.dataSource(db.dataSource()).tablePrefix("other_qrtz_"));
            first.scheduler.register(hourly);
            first.close();
            Map<String, Object> row = db.query("SELECT next_fire_time FROM other_qrtz_triggers").get(0);

            SchedulerFixture second = new SchedulerFixture(StateStores.jdbc(db.dataSource()),
                    b -> b.dataSource(db.dataSource()).tablePrefix("other_qrtz_"));
            try {
                second.scheduler.register(hourly);
                assertThat(db.query("SELECT next_fire_time FROM other_qrtz_triggers")).containsExactly(row);
                assertThat(second.listener.scheduled()).singleElement().asString().startsWith("hourly ");

                // Another schedule replaces it.
                second.scheduler.replace(Dataflow.builder("hourly")
                        .start("cron", StepSpec.of(TestCronTrigger.ID).with("every", 7200))
                        .then("work", StepSpec.of(TestConnector.ID)).build());
                long next = ((Number) db.query("SELECT next_fire_time FROM other_qrtz_triggers").get(0)
                        .get("next_fire_time")).longValue();
                assertThat(next % 7_200_000).isZero();

                assertThat(second.scheduler.unregister("hourly")).isTrue();
                assertThat(db.number("SELECT COUNT(*) FROM other_qrtz_triggers")).isZero();
                assertThat(db.number("SELECT COUNT(*) FROM other_qrtz_job_details")).isZero();
            } finally {
                second.close();
            }
        }
    }
}
