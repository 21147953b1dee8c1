package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.StepSpec;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.CollectingSink;
import io.dataflows.testkit.Maps;
import io.dataflows.testkit.TestKit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegexStepTest {

    private final TestKit kit = new TestKit();

    @TempDir
    Path dir;

    private final DataflowEngine engine = kit.builder().build();

    @Test
    void theFirstMatchGoesToAFieldNamedAfterTheStepOrNull() {
        TransformerFixture fixture = new TransformerFixture(dir);

        fixture.run("[{\"test\":\"hello world\"},{\"test\":\"hello earth\"},{\"test\":\"\"}]", "regex",
                StepSpec.of("flow_transformer_regex").with("field", "${{steps.reader.record.test}}")
                        .with("pattern", "/world/")).orThrow();

        assertThat(fixture.output()).isEqualTo(JsonText.parse("[{\"test\":\"hello world\",\"regex\":\"world\"},"
                + "{\"test\":\"hello earth\",\"regex\":null},{\"test\":\"\",\"regex\":null}]"));
    }

    @Test
    void escapedDelimitersInAPhpPatternMatchLiterally() {
        TransformerFixture fixture = new TransformerFixture(dir);

        fixture.run("[{\"test\":\"1,2,3,4,5,6,7,8,9\"}]", "regex",
                Steps.regex("/4\\,5\\,6/", "${{steps.reader.record.test}}")).orThrow();

        assertThat(fixture.output())
                .isEqualTo(JsonText.parse("[{\"test\":\"1,2,3,4,5,6,7,8,9\",\"regex\":\"4,5,6\"}]"));
    }

    /**
     * PHP sets the named groups up to the last group that took part in the match; with no match it sets the field
     * named after the step alias to null, and no group.
     */
    @Test
    void namedGroupsBecomeRecordFieldsAndNoMatchSetsOnlyTheAliasFieldToNullAsPhp() {
        Dataflow flow = Dataflow.builder("groups")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", Maps.list(
                        Maps.map("date", "on 2024-03-15"), Maps.map("date", "never"))))
                .step("parse", Steps.regex("/(?P<year>\\d{4})-(?<month>\\d\\d)(-(?<day>x))?/i",
                        "${{ record.date }}"))
                .dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("parse")
                .build();

        engine.run(flow).orThrow();

        // preg_match leaves the unmatched trailing group out of the first match, and gives no matches for the second
        assertThat(kit.sink().records("sink")).containsExactly(
                DataRecord.of("date", "on 2024-03-15", "year", "2024", "month", "03"),
                DataRecord.of("date", "never", "parse", null));
    }

    /** Results of PHP 8.2's preg_match for each pattern and text, put on the record as flow_transformer_regex does. */
    @Test
    void groupsThatDidNotTakePartAreEmptyBeforeTheLastThatDidAndAbsentAfterAsPhpPregMatch() {
        assertThat(match("/(?<a>x)?(?<b>y)/", "y")).isEqualTo(DataRecord.of("text", "y", "a", "", "b", "y"));
        assertThat(match("/((?<a>x))|(?<b>y)/", "y")).isEqualTo(DataRecord.of("text", "y", "a", "", "b", "y"));
        assertThat(match("/(?<a>x)(?<b>y)?(?<c>z)?/", "x")).isEqualTo(DataRecord.of("text", "x", "a", "x"));
        // every named group after the last that took part: no named group is set, so the alias field gets the match
        assertThat(match("/(?<a>x)?(?<b>y)?/", "q")).isEqualTo(DataRecord.of("text", "q", "parse", ""));
        assertThat(match("/(?<a>x)/", "q")).isEqualTo(DataRecord.of("text", "q", "parse", null));
    }

    private DataRecord match(String pattern, String text) {
        TestKit own = new TestKit();
        Dataflow flow = Dataflow.builder("one")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", Maps.list(Maps.map("text", text))))
                .step("parse", Steps.regex(pattern, "${{ record.text }}")).dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("parse")
                .build();
        own.builder().build().run(flow).orThrow();
        return own.sink().records("sink").get(0);
    }

    @Test
    void aPatternMayComeFromTheRecord() {
        Dataflow flow = Dataflow.builder("dynamic")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", Maps.list(
                        Maps.map("re", "/b+/", "text", "abbbc"), Maps.map("re", "/b+/", "text", "xyz"),
                        Maps.map("re", "/\\d/", "text", "a1"))))
                .step("m", Steps.regex("${{ record.re }}", "${{ record.text }}")).dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("m")
                .build();

        engine.run(flow).orThrow();

        assertThat(kit.sink().records("sink")).extracting(r -> r.get("m")).containsExactly("bbb", null, "1");
    }

    @Test
    void validationReportsAnInvalidPattern() {
        Dataflow flow = Dataflow.builder("bad")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", List.of()))
                .step("parse", Steps.regex("/(unclosed/", "x")).dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("parse")
                .build();

        assertThat(engine.validate(flow).problemsOf("parse")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("Config 'pattern' is invalid.")
                        .contains("/(unclosed/"));
    }
    @Test
    void aCatastrophicallyBacktrackingPatternFailsTheStepInsteadOfRunningForEver() {
        Dataflow flow = Dataflow.builder("backtracking")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", Maps.list(
                        Maps.map("text", "a".repeat(30)))))
                .step("m", Steps.regex("/(.*){1,32000}[bc]/", "${{ record.text }}")).dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("m")
                .build();
        DataflowEngine limited = kit.builder().regexStepLimit(1_000_000).build();

        RunResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> limited.run(flow));

        assertThat(result.error()).contains("Step 'm' (flow_transformer_regex) failed on record #1: Regular"
                + " expression (.*){1,32000}[bc] gave up after 1000000 steps on a text of 30 characters"
                + " (catastrophic backtracking); simplify the pattern or raise regexStepLimit");
    }

    @Test
    void theDefaultStepLimitAppliesToTheStep() {
        Dataflow flow = Dataflow.builder("backtracking")
                .step("reader", StepSpec.of(ArraySource.ID).with("source", Maps.list(
                        Maps.map("text", "a".repeat(30)))))
                .step("m", Steps.regex("/(.*){1,32000}[bc]/", "${{ record.text }}")).dependsOn("reader")
                .step("sink", StepSpec.of(CollectingSink.ID)).dependsOn("m")
                .build();

        RunResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> engine.run(flow));

        assertThat(result.error().orElseThrow()).contains("gave up after 100000000 steps");
    }
}
