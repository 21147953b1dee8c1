package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The variables flows exported from tool_dataflows read besides {@code dataflow.vars}: {@code dataflow.id},
 * {@code steps.<alias>.id} and {@code .depends_on}, {@code global.cfg.*}, {@code dataflow.config} with its two
 * defaults, and {@code states} as seconds since the epoch.
 */
class PhpVariablesTest {

    private static final Instant NOW = Instant.parse("2026-12-03T04:29:11.123456Z");

    private final TestKit kit = new TestKit();

    private DataflowEngine engine() {
        return kit.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .globalCfg("wwwroot", "https://lms.example.org")
                .globalCfg("supportemail", "help@example.org")
                .build();
    }

    private RunResult run(String yaml) {
        Dataflow flow = Definitions.readYaml(yaml, "flow.yml");
        assertThat(engine().validate(flow).problems()).isEmpty();
        RunResult r = engine().run(flow);
        assertThat(r.status()).as(r.toString()).isEqualTo(RunStatus.FINALISED);
        return r;
    }

    @Test
    void theIdOfADataflowWithoutOneIsTheCrc32OfItsNameAsPhpComputesIt() {
        // PHP: crc32('Example Dataflow') === 629995889; the plugin's fixture adds 777 to its numeric id
        RunResult r = run("""
                name: Example Dataflow
                steps:
                  a:
                    type: test_connector
                    config:
                      value: ${{ dataflow.id + 777 }}
                """);
        assertThat(r.variable("steps.a.value")).contains(629_995_889L + 777);
        assertThat(r.variable("dataflow.id")).contains(629_995_889L);
    }

    @Test
    void aDeclaredIdIsUsedAndANumericOneIsANumber() {
        RunResult numeric = run("""
                id: 42
                name: x
                steps:
                  a: {type: test_connector, config: {value: '${{ dataflow.id + 777 }}'}}
                """);
        assertThat(numeric.variable("steps.a.value")).contains(819L);

        RunResult text = run("""
                id: nightly-export
                name: x
                steps:
                  a: {type: test_connector, config: {value: 'id=${{ dataflow.id }}'}}
                """);
        assertThat(text.variable("steps.a.value")).contains("id=nightly-export");
    }

    @Test
    void stepsHaveTheirPositionAsIdAndTheirDependenciesAsPhpExposedThem() {
        // PHP: depends_on is [] without dependencies, the alias for one, the list for several
        RunResult r = run("""
                name: deps
                steps:
                  a: {type: test_connector}
                  src: {type: test_source, config: {source: [{n: 1}]}}
                  sink: {type: test_sink, depends_on: 'src'}
                  c:
                    type: test_connector
                    depends_on: [a]
                    config:
                      value: '${{ steps.a.id }} ${{ steps.c.id }} ${{ steps.sink.depends_on }} ${{ count(steps.a.depends_on) }}'
                """);
        assertThat(r.variable("steps.c.value")).contains("1 4 src 0");
        assertThat(r.variable("steps.c.depends_on")).contains("a");
        assertThat(r.variable("steps.a.depends_on")).contains(List.of());
    }

    @Test
    void globalCfgHoldsTheHostsSettingsAsTheyAreNeverEvaluated() {
        DataflowEngine engine = kit.builder().globalCfg("wwwroot", "https://lms.example.org")
                .globalCfg("note", "${{ dataflow.name }}").build();
        RunResult r = engine.run(Dataflow.builder("cfg")
                .step("a", io.dataflows.StepSpec.of("test_connector")
                        .with("value", "${{ global.cfg.wwwroot ~ '/admin' }} ${{ global.cfg.note }}"))
                .build());
        assertThat(r.variable("steps.a.value")).contains("https://lms.example.org/admin ${{ dataflow.name }}");
    }

    @Test
    void dataflowConfigHasEnabledAndConcurrencyEnabledWithoutAConfigBlock() {
        RunResult r = run("""
                name: no-config
                steps:
                  a:
                    type: test_connector
                    config:
                      value: "${{ dataflow.config.enabled ? 'on' : 'off' }}/${{ dataflow.config.concurrencyenabled ? 'on' : 'off' }}"
                """);
        assertThat(r.variable("steps.a.value")).contains("on/off");

        RunResult written = run("""
                name: with-config
                config: {enabled: '0', concurrencyenabled: '1'}
                steps:
                  a:
                    type: test_connector
                    config:
                      value: "${{ dataflow.config.enabled }}|${{ dataflow.config.concurrencyenabled }}"
                """);
        assertThat(written.variable("steps.a.value")).contains("0|1");
    }

    @Test
    void statesAreSecondsSinceTheEpochForExpressionsAndIsoTextInExports() {
        // PHP: states hold microtime(true), so date() and arithmetic on them work
        RunResult r = run("""
                name: states
                steps:
                  a:
                    type: test_connector
                    config:
                      value: "${{ date('Y-m-d H:i:s', dataflow.states.processing) }} ${{ steps.a.states.processing - dataflow.states.new }} ${{ dataflow.states.new }}"
                """);
        assertThat(r.variable("steps.a.value")).contains("2026-12-03 04:29:11 0 1796272151.1235");
        assertThat(r.variable("dataflow.states.processing")).contains("2026-12-03T04:29:11.123Z");
        assertThat(r.variable("steps.a.states.finalised")).contains("2026-12-03T04:29:11.123Z");
    }
}
