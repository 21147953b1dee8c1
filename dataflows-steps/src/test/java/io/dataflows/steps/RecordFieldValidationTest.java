package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.DataflowValidationException;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record.x} on a step whose records provably lack {@code x} is a validation problem with a "did you mean",
 * when every step upstream declares the fields it emits; where any of them learns its fields only at run time,
 * nothing is checked.
 */
class RecordFieldValidationTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    private List<Problem> problems(String yaml) {
        return engine.validate(Definitions.readYaml(yaml, "test.yml"), RunOptions.builder().baseDir(dir).build())
                .problems();
    }

    private static final String PEOPLE = """
            name: people
            steps:
              read:
                type: reader_array
                config:
                  source:
                    - {name: Ada, age: 36}
                    - {name: Alan, city: London}
            """;

    @Test
    void aMisspeltFieldAfterAReaderOfKnownFieldsIsAProblemWithADidYouMean() {
        assertThat(problems(PEOPLE + """
                  adults:
                    type: flow_transformer_filter
                    depends_on: read
                    config:
                      filter: record.agee >= 18
                  out:
                    type: writer_debugging
                    depends_on: adults
                """)).containsExactly(Problem.ofStep("adults", "config.filter", "Unknown record field 'record.agee' "
                + "in expression 'record.agee >= 18' (config.filter). Did you mean 'record.age'?"));
    }

    @Test
    void aFieldFarFromAnyKnownOneListsTheFieldsTheStepReceives() {
        assertThat(problems(PEOPLE + """
                  out:
                    type: writer_stream
                    depends_on: read
                    config:
                      streamname: "out-${{ record.country }}.json"
                      format: json
                """)).containsExactly(Problem.ofStep("out", "config.streamname", "Unknown record field "
                + "'record.country' in expression 'record.country' (config.streamname). The records "
                + "step 'out' receives have name, age, city."));
    }

    @Test
    void fieldsOfAnyRecordAndGuardedReferencesAreFine() {
        assertThat(problems(PEOPLE + """
                  adults:
                    type: flow_transformer_filter
                    depends_on: read
                    config:
                      filter: (record.age ?? 0) >= 18 && isset(record.zip) == false && record.city != 'Paris'
                  out:
                    type: writer_debugging
                    depends_on: adults
                """)).isEmpty();
    }

    @Test
    void fieldsFollowTheFlowThroughPassingAndAlteringStepsAndReachTheVars() {
        assertThat(problems(PEOPLE + """
                  adults:
                    type: flow_transformer_filter
                    depends_on: read
                    config:
                      filter: record.age >= 18
                  alter:
                    type: flow_transformer_alter
                    depends_on: adults
                    config:
                      expressions:
                        greeting: "Hello ${{ record.name }} from ${{ record.greting }}"
                  route:
                    type: flow_logic_switch
                    depends_on: alter
                    config:
                      cases:
                        greeted: record.greeting != ''
                        other: record.greetings == ''
                  log:
                    type: flow_log
                    depends_on: route:greeted
                    vars:
                      last: ${{ record.greeting }}
                      typo: ${{ record.nam }}
                    config:
                      level: info
                      message: ${{ record.name }}
                  out:
                    type: writer_debugging
                    depends_on: route:other
                """)).containsExactly(
                Problem.ofStep("alter", "config.expressions.greeting", "Unknown record field 'record.greting' in "
                        + "expression 'record.greting' (config.expressions.greeting). The records step 'alter' "
                        + "receives have name, age, city."),
                Problem.ofStep("route", "config.cases.other", "Unknown record field 'record.greetings' in "
                        + "expression 'record.greetings == ''' (config.cases.other). Did you mean "
                        + "'record.greeting'?"),
                Problem.ofStep("log", "vars.typo", "Unknown record field 'record.nam' in expression 'record.nam' "
                        + "(vars.typo). Did you mean 'record.name'?"));
    }

    @Test
    void csvHeadersFromTheConfigAreKnownAndAReadersVarsReadTheRecordItEmits() throws Exception {
        Files.writeString(dir.resolve("in.csv"), "id;mail\n1;a@example.com\n");
        assertThat(problems("""
                name: csv
                steps:
                  read:
                    type: reader_csv
                    config:
                      path: in.csv
                      headers: id;email
                      overwriteheaders: true
                      delimiter: ;
                    vars:
                      lastid: ${{ record.idd }}
                  out:
                    type: writer_debugging
                    depends_on: read
                    vars:
                      mail: ${{ record.mail }}
                """)).containsExactly(
                Problem.ofStep("read", "vars.lastid", "Unknown record field 'record.idd' in expression "
                        + "'record.idd' (vars.lastid). Did you mean 'record.id'?"),
                Problem.ofStep("out", "vars.mail", "Unknown record field 'record.mail' in expression "
                        + "'record.mail' (vars.mail). Did you mean 'record.email'?"));
    }

    @Test
    void aCsvFileWhoseHeaderIsItsFirstLineIsNotChecked() {
        assertThat(problems("""
                name: csv
                steps:
                  read:
                    type: reader_csv
                    config:
                      path: in.csv
                  adults:
                    type: flow_transformer_filter
                    depends_on: read
                    config:
                      filter: record.anything > 1
                  out:
                    type: writer_debugging
                    depends_on: adults
                """)).isEmpty();
    }

    @Test
    void aFieldOfAnyInputOfAJoinIsFineAndOneOfNoneIsAProblem() {
        String join = """
                name: join
                steps:
                  a:
                    type: reader_array
                    config:
                      source: [{id: 1, left: x}]
                  b:
                    type: %s
                    config:
                      %s
                  both:
                    type: flow_logic_join
                    depends_on: [a, b]
                  out:
                    type: writer_debugging
                    depends_on: both
                    vars:
                      v: ${{ record.left }} ${{ record.right }} ${{ record.middle }}
                """;
        assertThat(problems(join.formatted("reader_array", "source: [{id: 2, right: y}]")))
                .extracting(Problem::message).containsExactly("Unknown record field 'record.middle' in expression "
                        + "'record.middle' (vars.v). The records step 'out' receives have id, left, right.");
        assertThat(problems(join.formatted("reader_json", "pathtojson: in.json"))).isEmpty();
    }

    @Test
    void aStepOfJavaCodeUpstreamTurnsTheCheckOff() {
        RecordCollector out = new RecordCollector();
        Dataflow flow = Dataflow.builder("lambda")
                .start("read", Steps.arrayReader(List.of(Map.of("id", 1))))
                .then("map", Steps.map(r -> r.with("extra", true)))
                .then("extra", Steps.filter("record.extra"))
                .then("out", out)
                .build();

        assertThat(engine.validate(flow).problems()).isEmpty();
        assertThat(engine.run(flow).isSuccess()).isTrue();
        assertThat(out.records()).extracting(r -> r.get("extra")).containsExactly(true);
    }

    @Test
    void aRunOfAFlowWithAProvablyAbsentFieldIsRefusedBeforeItStarts() {
        Dataflow flow = Dataflow.builder("refused")
                .start("read", Steps.arrayReader(List.of(Map.of("id", 1))))
                .then("adults", Steps.filter("record.idd > 0"))
                .then("out", Steps.debugWriter())
                .build();

        assertThatThrownBy(() -> engine.run(flow)).isInstanceOf(DataflowValidationException.class)
                .hasMessageContaining("Unknown record field 'record.idd' in expression 'record.idd > 0' "
                        + "(config.filter). Did you mean 'record.id'?");
    }
}
