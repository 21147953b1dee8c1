package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Problem;
import io.dataflows.StepSpec;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

    private final DataflowEngine engine = DataflowEngine.builder().build();

    @Test
    void anUnknownConfigKeyIsReportedWithTheKnownKeys() {
        Dataflow flow = Dataflow.builder("typo")
                .step("read", Steps.csvReader("in.csv").with("delimeter", ";"))
                .step("write", Steps.debugWriter()).dependsOn("read")
                .build();

        assertThat(engine.validate(flow).problems()).singleElement().satisfies(p -> {
            assertThat(p).extracting(Problem::stepAlias, Problem::field)
                    .containsExactly("read", "config.delimeter");
            assertThat(p.message()).isEqualTo("Unknown config key 'delimeter' in dataflow 'typo' is ignored. Did you"
                    + " mean 'delimiter'? Known keys: path, headers, overwriteheaders, continueonerror, delimiter,"
                    + " encoding, maxrowsize.");
            assertThat(p.isWarning()).isTrue();
        });
    }

    @Test
    void switchCasesMustCompile() {
        Dataflow flow = Dataflow.builder("bad-case")
                .step("read", Steps.arrayReader(java.util.List.of()))
                .step("route", Steps.switchOn().when("a", "record.x ==").when("b", "true")).dependsOn("read")
                .step("one", Steps.debugWriter()).dependsOn("route:a")
                .step("two", Steps.debugWriter()).dependsOn("route:b")
                .build();

        assertThat(engine.validate(flow).problemsOf("route")).singleElement()
                .satisfies(p -> assertThat(p.field()).isEqualTo("config.cases.a"));
    }

    @Test
    void aSwitchNeedsADependantPerCase() {
        Dataflow flow = Dataflow.builder("missing-output")
                .step("read", Steps.arrayReader(java.util.List.of()))
                .step("route", Steps.switchOn().when("a", "true").when("b", "true").when("c", "true"))
                .dependsOn("read")
                .step("one", Steps.debugWriter()).dependsOn("route:a")
                .step("two", Steps.debugWriter()).dependsOn("route:b")
                .build();

        assertThat(engine.validate(flow).problemsOf("route")).singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("Invalid number of output flows (Found: 2)."));
    }

    @Test
    void typedDefinitionsProduceToolDataflowsConfig() {
        assertThat(Steps.csvReader("a.csv").headers("x,y").delimiter(";").toStepSpec()).isEqualTo(
                StepSpec.of("reader_csv").with("path", "a.csv").with("headers", "x,y").with("delimiter", ";"));
        assertThat(Steps.switchOn().when("nz", "record.country == 'NZ'").when("other", "true").toStepSpec()
                .config().get("cases")).isEqualTo(io.dataflows.testkit.Maps.map("nz", "record.country == 'NZ'",
                "other", "true"));
        assertThat(Steps.streamWriter("out.json", "json").prettyPrint(true).toStepSpec().config())
                .containsExactly(java.util.Map.entry("streamname", "out.json"), java.util.Map.entry("format", "json"),
                        java.util.Map.entry("prettyprint", true));
    }
}
