package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepSpec;
import io.dataflows.testkit.TestConnector;
import io.dataflows.testkit.TestKit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Moodle's {@code userdate()} wrote dates in the user's language and time zone; here the engine's locale and its
 * clock's zone stand for them in every run, and {@code date()} uses the same zone.
 */
class HostLocaleAndZoneTest {

    /** 2026-12-03 04:29:11 UTC, a Thursday: 05:29 in Paris. */
    private static final Instant NOW = Instant.parse("2026-12-03T04:29:11Z");

    private final TestKit kit = new TestKit();

    private static Dataflow dates() {
        return Dataflow.builder("dates")
                .step("a", StepSpec.of(TestConnector.ID).with("value",
                        "${{ userdate(dataflow.states.new) }} | ${{ userdate(dataflow.states.new, '%a %d %b %H:%M') }}"
                                + " | ${{ date('Y-m-d H:i', dataflow.states.new) }}"))
                .build();
    }

    @Test
    void userdateWritesInTheEnginesLocaleAndClockZone() {
        RunResult r = kit.builder().clock(Clock.fixed(NOW, ZoneId.of("Europe/Paris"))).locale(Locale.FRENCH)
                .build().run(dates());

        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.FINALISED);
        assertThat(r.variable("steps.a.value"))
                .contains("jeudi, 3 décembre 2026, 5:29 AM | jeu. 3 déc. 05:29 | 2026-12-03 05:29");
    }

    @Test
    void withoutThemItIsEnglishInTheClocksZone() {
        RunResult r = kit.builder().clock(Clock.fixed(NOW, ZoneId.of("UTC"))).build().run(dates());

        assertThat(r.variable("steps.a.value"))
                .contains("Thursday, 3 December 2026, 4:29 AM | Thu 3 Dec 04:29 | 2026-12-03 04:29");
    }
}
