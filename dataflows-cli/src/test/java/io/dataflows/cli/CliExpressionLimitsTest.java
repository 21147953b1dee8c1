package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An expression nested 2,000 levels deep used to pass {@code validate} and crash {@code run} with a stack trace. */
class CliExpressionLimitsTest {

    @TempDir
    Path dir;

    @Test
    void aTooDeepExpressionIsAProblemOfTheDefinitionForValidateAndRun() throws IOException {
        String deep = "(".repeat(2000) + "1" + ")".repeat(2000);
        Path flow = dir.resolve("deep.yml");
        Files.writeString(flow, String.join("\n", "name: deep", "steps:", "  a:", "    type: test_connector",
                "    config:", "      value: '${{ " + deep + " }}'", ""));
        String problem = "a: Invalid expression in config.value: Expression nests too deeply: more than 128 levels"
                + " of brackets, operators, calls or member accesses (at position 129) in expression '"
                + deep.substring(0, 200) + "...' (4001 characters)";

        CliResult validate = CliResult.run("validate", flow.toString());
        CliResult run = CliResult.run("run", flow.toString(), "--state-dir", dir.resolve("state").toString());

        assertThat(validate.exit()).isEqualTo(2);
        assertThat(validate.err().lines()).containsExactly(problem);
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(problem);
    }
}
