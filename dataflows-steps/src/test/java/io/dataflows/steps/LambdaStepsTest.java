package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowException;
import io.dataflows.Definitions;
import io.dataflows.Effect;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.StepRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Steps made of lambdas, for flows built in code: no class, no services file, no registration. */
class LambdaStepsTest {

    /** Only the built-in types: nothing of the lambda steps is registered. */
    private final DataflowEngine engine = DataflowEngine.builder().stepRegistry(StepRegistry.discover()).build();

    private static Map<String, Object> person(String name, long age) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("age", age);
        return m;
    }

    @Test
    void sourceFilterMapAndCollectorMakeAFlowWithoutAnyStepClass() {
        RecordCollector out = Steps.collector();
        Dataflow flow = Dataflow.builder("in-code")
                .start("people", Steps.source(List.of(person("Aroha", 34), DataRecord.of("name", "Ben", "age", 17),
                        person("Chloé", 52))))
                .then("adults", Steps.filter(r -> r.getLong("age") >= 18))
                .then("shout", Steps.map(r -> r.with("name", r.getString("name").toUpperCase())))
                .then("keep", out)
                .build();

        assertThat(engine.validate(flow).messages()).isEmpty();
        RunResult result = engine.run(flow).orThrow();

        assertThat(out.records()).extracting(DataRecord::toJson).containsExactly(
                "{\"name\":\"AROHA\",\"age\":34}", "{\"name\":\"CHLOÉ\",\"age\":52}");
        assertThat(result.step("people").recordsOut()).isEqualTo(3);
        assertThat(result.step("adults").recordsOut()).isEqualTo(2);
        assertThat(result.step("shout").type()).isEqualTo("java_map");
        assertThat(flow.step("keep").orElseThrow().implementation()).isPresent();
    }

    @Test
    void lambdaStepsMixWithBuiltInSteps() {
        RecordCollector out = Steps.collector();
        Dataflow flow = Dataflow.builder("mixed")
                .start("people", Steps.source(List.of(person("Aroha", 34), person("Ben", 17))))
                .then("adults", Steps.filter("record.age >= 18"))
                .then("tag", Steps.map(r -> r.with("adult", true)))
                .then("keep", out)
                .build();

        engine.run(flow).orThrow();

        assertThat(out.records()).extracting(DataRecord::toJson)
                .containsExactly("{\"name\":\"Aroha\",\"age\":34,\"adult\":true}");
    }

    @Test
    void aStreamSourceGetsAFreshStreamPerRunAndClosesIt() {
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        RecordCollector out = Steps.collector();
        Dataflow flow = Dataflow.builder("streams")
                .start("numbers", Steps.streamSource(() -> {
                    opened.incrementAndGet();
                    return Stream.of(1, 2, 3).map(i -> DataRecord.of("n", i)).onClose(closed::incrementAndGet);
                }))
                .then("keep", out)
                .build();

        engine.run(flow).orThrow();
        engine.run(flow).orThrow();

        assertThat(opened).hasValue(2);
        assertThat(closed).hasValue(2);
        assertThat(out.records()).extracting(r -> r.getLong("n")).containsExactly(1L, 2L, 3L, 1L, 2L, 3L);
        out.clear();
        assertThat(out.size()).isZero();
    }

    @Test
    void aSinkHandsEachRecordToTheConsumerButNotInADryRun() {
        List<String> names = new ArrayList<>();
        Dataflow flow = Dataflow.builder("sink")
                .start("people", Steps.source(List.of(person("Aroha", 34), person("Ben", 17))))
                .then("names", Steps.sink(r -> names.add(r.getString("name"))))
                .build();

        RunResult dry = engine.run(flow, RunOptions.builder().dryRun(true).build()).orThrow();
        assertThat(names).isEmpty();
        assertThat(dry.effects()).containsExactly(Effect.of("names", Effect.Kind.OTHER, null,
                "pass the records to a Java consumer"));

        engine.run(flow).orThrow();
        assertThat(names).containsExactly("Aroha", "Ben");
    }

    @Test
    void aCollectorCollectsInADryRunToo() {
        RecordCollector out = Steps.collector();
        Dataflow flow = Dataflow.builder("dry").start("one", Steps.source(List.of(person("Aroha", 34))))
                .then("keep", out).build();

        RunResult dry = engine.run(flow, RunOptions.builder().dryRun(true).build()).orThrow();

        assertThat(dry.effects()).isEmpty();
        assertThat(out.records()).hasSize(1);
    }

    @Test
    void anElementThatIsNoRecordFailsTheSourceNamingItsPosition() {
        Dataflow flow = Dataflow.builder("bad").start("items", Steps.source(List.of(person("A", 1), "oops")))
                .then("keep", Steps.collector()).build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getOriginalMessage())
                .isEqualTo("Element 2 of the source is a String, not a DataRecord or a Map.");
    }

    @Test
    void whatAFunctionThrowsFailsTheStep() {
        Dataflow flow = Dataflow.builder("throws").start("items", Steps.source(List.of(person("A", 1))))
                .then("boom", Steps.map(r -> {
                    throw new IllegalStateException("no such customer");
                }))
                .then("keep", Steps.collector()).build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().stepAlias()).contains("boom");
        assertThat(result.error().orElseThrow()).contains("no such customer");
    }

    @Test
    void aMapFunctionReturningNullFailsTheStep() {
        Dataflow flow = Dataflow.builder("null").start("items", Steps.source(List.of(person("A", 1))))
                .then("nothing", Steps.map(r -> null))
                .then("keep", Steps.collector()).build();

        RunResult result = engine.run(flow);

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.failure().orElseThrow().getOriginalMessage())
                .isEqualTo("The map function returned null; drop records with Steps.filter.");
    }

    @Test
    void aDataflowWithLambdaStepsCannotBeExportedAndTheMessageNamesThem() {
        Dataflow flow = Dataflow.builder("in-code")
                .start("people", Steps.source(List.of(person("Aroha", 34))))
                .then("adults", Steps.filter("record.age >= 18"))
                .then("shout", Steps.map(r -> r))
                .then("keep", Steps.collector())
                .build();

        String expected = "The dataflow cannot be exported: steps 'people' (java_source), 'shout' (java_map), "
                + "'keep' (java_sink) are given in code (a lambda or a StepType instance), which YAML and JSON "
                + "cannot hold. Register a step type and refer to it by id to export the dataflow.";
        assertThatThrownBy(() -> Definitions.toYaml(flow, engine.registry()))
                .isInstanceOf(DataflowException.class)
                .satisfies(e -> assertThat(((DataflowException) e).getOriginalMessage()).isEqualTo(expected));
        assertThatThrownBy(() -> Definitions.toJson(flow, engine.registry()))
                .isInstanceOf(DataflowException.class)
                .satisfies(e -> assertThat(((DataflowException) e).getOriginalMessage()).isEqualTo(expected));
    }

    @Test
    void aLambdaStepSurvivesToBuilder() {
        RecordCollector out = Steps.collector();
        Dataflow flow = Dataflow.builder("copy").start("one", Steps.source(List.of(person("A", 1))))
                .then("keep", out).build();

        Dataflow variant = flow.toBuilder().description("a variant").build();
        engine.run(variant).orThrow();

        assertThat(out.records()).hasSize(1);
    }
}
