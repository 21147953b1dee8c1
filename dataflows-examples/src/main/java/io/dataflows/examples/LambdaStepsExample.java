package io.dataflows.examples;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.steps.RecordCollector;
import io.dataflows.steps.Steps;
import java.util.List;
import java.util.Map;

/**
 * A flow built in code from lambdas: records from a Java list, a filter and a map written as lambdas, a built-in
 * expression step in between, and a collector read after the run. No step class, no services file.
 */
public final class LambdaStepsExample {

    private LambdaStepsExample() {}

    /** The adults among {@code people} (maps with {@code name} and {@code age}), names upper-cased, tagged. */
    public static List<DataRecord> adults(DataflowEngine engine, List<Map<String, Object>> people) {
        RecordCollector adults = Steps.collector();
        Dataflow flow = Dataflow.builder("adults-in-code")
                .start("people", Steps.source(people))
                .then("adults", Steps.filter(r -> r.getLong("age") >= 18))
                .then("shout", Steps.map(r -> r.with("name", r.getString("name").toUpperCase())))
                .then("tag", Steps.alter().set("group", "${{ record.age >= 65 ? 'senior' : 'adult' }}"))
                .then("keep", adults)
                .build();
        engine.run(flow).orThrow();
        return adults.records();
    }

    public static void main(String[] args) {
        DataflowEngine engine = DataflowEngine.builder().build();
        adults(engine, List.of(DataRecord.of("name", "Aroha", "age", 34).asMap(),
                DataRecord.of("name", "Ben", "age", 17).asMap(), DataRecord.of("name", "Chloé", "age", 71).asMap()))
                .forEach(r -> System.out.println(r.toJson()));
    }
}
