package io.dataflows.beam;

import io.dataflows.Dataflow;
import io.dataflows.RunResult;
import io.dataflows.steps.Steps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flow the runner tests compare with a local run: people from a CSV file (a quoted field with a comma, one over
 * two lines), those over 30 kept and greeted, written by {@code writer_stream}.
 */
final class PeopleFlow {

    static final String PEOPLE = """
            name,age,country
            Ana,34,NZ
            Bo,19,AU
            "Carla, Jr.",41,NZ
            Dev,58,"New
            Zealand"
            Eve,30,AU
            Fay,72,UK
            Gus,45,NZ
            """;

    private PeopleFlow() {}

    /** Writes {@code people.csv} into {@code dir}. */
    static void writeInput(Path dir) throws IOException {
        Files.writeString(dir.resolve("people.csv"), PEOPLE);
    }

    /** The dataflow {@code name}: read, older, greet, write to {@code out} in {@code format}. */
    static Dataflow flow(String name, String out, String format) {
        return Dataflow.builder(name)
                .start("read", Steps.csvReader("people.csv"))
                .then("older", Steps.filter("record.age > 30"))
                .then("greet", Steps.alter().set("greeting", "Hello ${{ record.name }}"))
                .then("write", Steps.streamWriter(out, format))
                .build();
    }

    /** Per step, in definition order: records in and records out. */
    static Map<String, List<Long>> counts(RunResult result) {
        Map<String, List<Long>> counts = new LinkedHashMap<>();
        result.steps().forEach((alias, step) -> counts.put(alias, List.of(step.recordsIn(), step.recordsOut())));
        return counts;
    }
}
