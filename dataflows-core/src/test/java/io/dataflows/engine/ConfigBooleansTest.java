package io.dataflows.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.StepRegistry;
import io.dataflows.StepSpec;
import io.dataflows.Trigger;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A boolean in configuration means the same to validation and to the run, for every spelling: what validation
 * accepts the run reads as documented, and what it rejects the run refuses too (when it arrives through a template
 * that validation cannot see through).
 */
class ConfigBooleansTest {

    /** Publishes its boolean field {@code flag} as {@code steps.<alias>.flag}. */
    static final class FlagStep implements ConnectorStep {
        static final String ID = "test_flag";
        private static final ConfigSchema CONFIG = ConfigSchema.builder()
                .field(ConfigField.of("flag", FieldType.BOOLEAN)).build();

        @Override
        public String id() {
            return ID;
        }

        @Override
        public StepKind kind() {
            return StepKind.CONNECTOR;
        }

        @Override
        public ConfigSchema configSchema() {
            return CONFIG;
        }

        @Override
        public boolean hasSideEffects(Map<String, Object> config) {
            return false;
        }

        @Override
        public Outcome run(StepContext context) {
            context.output("flag", context.config().bool("flag"));
            return Outcome.CONTINUE;
        }
    }

    private static final DataflowEngine ENGINE = DataflowEngine.builder()
            .stepRegistry(StepRegistry.builder().discover().add(new FlagStep()).build()).build();

    /** Every spelling with what it means; null: not a boolean. */
    static Stream<Arguments> spellings() {
        List<Arguments> all = new ArrayList<>();
        for (Object t : List.of(true, 1L, 1, 1.0, new BigDecimal("1.00"), "true", "TRUE", " True ", "1", "yes",
                "Yes", "on", "ON")) {
            all.add(Arguments.of(t, true));
        }
        for (Object f : List.of(false, 0L, 0, 0.0, BigDecimal.ZERO, "false", "False", "0", "no", "NO", "off", "Off",
                "", "  ")) {
            all.add(Arguments.of(f, false));
        }
        for (Object x : List.of(2L, -1L, 0.5, "maybe", "2", "1.0", "y", "n", "null", "t", List.of(), Map.of())) {
            all.add(Arguments.of(x, null));
        }
        return all.stream();
    }

    private static List<String> problems(Dataflow flow) {
        return ENGINE.validate(flow).problems().stream().map(Problem::toString).collect(Collectors.toList());
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("spellings")
    void aStepBooleanValidatesExactlyWhenTheRunReadsIt(Object spelling, Boolean meaning) {
        Dataflow flow = Dataflow.builder("b").step("a", StepSpec.of(FlagStep.ID).with("flag", spelling)).build();

        if (meaning == null) {
            assertThat(problems(flow)).containsExactly("a: Config 'flag' is invalid. It must be true or false.");
        } else {
            assertThat(problems(flow)).isEmpty();
            assertThat(ENGINE.run(flow).orThrow().variable("steps.a.flag")).contains(meaning);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("spellings")
    void aStepBooleanFromATemplateIsReadByTheSameRules(Object spelling, Boolean meaning) {
        Dataflow flow = Dataflow.builder("b").var("v", spelling)
                .step("a", StepSpec.of(FlagStep.ID).with("flag", "${{ dataflow.vars.v }}")).build();

        assertThat(problems(flow)).isEmpty();
        RunResult result = ENGINE.run(flow);
        if (meaning == null) {
            assertThat(result.isSuccess()).isFalse();
            assertThat(result.error()).hasValueSatisfying(e -> assertThat(e)
                    .startsWith("Step 'a' (test_flag) failed: Config 'flag' is invalid. It must be true or false (got ")
                    .endsWith(")."));
        } else {
            assertThat(result.orThrow().variable("steps.a.flag")).contains(meaning);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("spellings")
    void theDataflowFlagsValidateExactlyWhenTheyAreRead(Object spelling, Boolean meaning) {
        Dataflow flow = Dataflow.builder("b").config("enabled", spelling).config("concurrencyenabled", spelling)
                .step("a", StepSpec.of(FlagStep.ID)).build();

        if (meaning == null) {
            assertThat(problems(flow)).containsExactly(
                    "dataflow: Config 'enabled' is invalid. It must be true or false.",
                    "dataflow: Config 'concurrencyenabled' is invalid. It must be true or false.");
            return;
        }
        assertThat(problems(flow)).isEmpty();
        assertThat(flow.isEnabled()).isEqualTo(meaning);
        assertThat(flow.isConcurrencyEnabled()).isEqualTo(meaning);
        RunOptions automated = RunOptions.builder().trigger(Trigger.AUTOMATED).build();
        if (meaning) {
            assertThat(ENGINE.run(flow, automated).isSuccess()).isTrue();
        } else {
            assertThatThrownBy(() -> ENGINE.run(flow, automated)).isInstanceOf(DataflowException.class)
                    .hasMessageContaining("Trying to run a disabled dataflow.");
        }
    }

    @ParameterizedTest(name = "[{index}] enabled: {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "true|true", "yes|true", "on|true", "'1'|true", "1|true", "'Yes'|true",
        "false|false", "no|false", "off|false", "'0'|false", "0|false", "''|false", "~|false", "'No'|false"})
    void theSpellingsMeanTheSameWrittenInYaml(String yaml, boolean meaning) {
        Dataflow flow = io.dataflows.Definitions.readYaml("name: b\nconfig:\n  enabled: " + yaml
                + "\nsteps:\n  a: {type: test_flag, config: {flag: " + yaml + "}}\n", "b.yml");

        assertThat(problems(flow)).isEmpty();
        assertThat(flow.isEnabled()).isEqualTo(meaning);
        assertThat(ENGINE.run(flow).orThrow().variable("steps.a.flag")).contains(meaning);
    }
}
