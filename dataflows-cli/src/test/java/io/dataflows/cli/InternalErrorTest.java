package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A defect (ours or a plugin's) is one reportable line with exit 1; its stack trace only on request. */
class InternalErrorTest {

    @Test
    void anUnexpectedExceptionIsOneLineWithoutAStackTrace() {
        CliResult r = CliResult.run(Map.of(), "steps", "test_broken");

        assertThat(r.exit()).isEqualTo(ExitCodes.ABORTED);
        assertThat(r.err()).isEqualTo("dataflows: internal error: java.lang.IllegalStateException: outputs are broken"
                + " (please report it; DATAFLOWS_STACKTRACE=1 prints the stack trace)" + System.lineSeparator());
    }

    @Test
    void theStackTraceIsPrintedWhenAskedFor() {
        CliResult r = CliResult.run(Map.of(Main.STACK_TRACE_VARIABLE, "1"), "steps", "test_broken");

        assertThat(r.exit()).isEqualTo(ExitCodes.ABORTED);
        assertThat(r.err()).startsWith("dataflows: internal error: java.lang.IllegalStateException: outputs are broken")
                .contains("\tat io.dataflows.cli.BrokenStep.outputs(BrokenStep.java:");
    }
}
