package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunOptions;
import io.dataflows.testkit.TestEngines;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** References to what a step publishes are checked before the run when its type declares its outputs. */
class StepVariableValidationTest {

    @TempDir
    Path dir;

    private final DataflowEngine engine = TestEngines.builder().build();

    private Dataflow hashThenLog(String message) {
        return Dataflow.builder("hash")
                .start("hash", Steps.connectorHashFile("in.txt", "md5"))
                .then("log", Steps.connectorLog("info", message))
                .build();
    }

    private java.util.List<String> problems(Dataflow flow) {
        return engine.validate(flow, RunOptions.builder().baseDir(dir).build()).messages();
    }

    @Test
    void aMisspeltOutputIsAProblemWithADidYouMean() {
        assertThat(problems(hashThenLog("${{ steps.hash.hsh }}"))).containsExactly("Unknown variable "
                + "'steps.hash.hsh' in expression 'steps.hash.hsh' (config.message). Did you mean 'steps.hash.hash'?");
    }

    @Test
    void anUnknownOutputFarFromAnyNameListsWhatTheStepPublishes() {
        assertThat(problems(hashThenLog("${{ steps.hash.checksum }}"))).containsExactly("Unknown variable "
                + "'steps.hash.checksum' in expression 'steps.hash.checksum' (config.message). Step 'hash' "
                + "(connector_hash_file) publishes alias, config, depends_on, description, hash, id, iterations, "
                + "name, record, states, type, vars.");
    }

    @Test
    void declaredOutputsCommonVariablesAndGuardedReferencesAreFine() {
        assertThat(problems(hashThenLog("${{ steps.hash.hash }} ${{ steps.hash.name }} "
                + "${{ steps.hash.config.algorithm }} ${{ steps.hash.vars.x ?? '' }} ${{ steps.hash.other ?? '' }}")))
                .isEmpty();
    }

    @Test
    void stepsThatDeclareNoOutputsAreNotChecked() {
        Dataflow flow = Dataflow.builder("csv")
                .start("read", Steps.csvReader("in.csv"))
                .then("out", Steps.debugWriter())
                .then("log", Steps.connectorLog("info", "${{ steps.read.errors.header_field_count_mismatch }}"))
                .build();

        assertThat(problems(flow)).isEmpty();
    }
}
