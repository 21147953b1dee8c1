package io.dataflows.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.testkit.TestKit;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dbgcommand} output and the destination checks as tool_dataflows' own curl tests state them; the
 * requests go nowhere (dry runs of writes).
 */
class CurlDebugCommandTest {

    private static final String URL = "http://127.0.0.1:9/api";

    @TempDir
    Path dir;

    private final TestKit kit = new TestKit();

    private RunResult dryRun(String config) {
        Dataflow flow = Definitions.readYaml(String.join("\n", "name: dbg", "steps:", "  call:",
                "    type: connector_curl", "    config: " + config,
                "    vars: {curlcmd: '${{ dbgcommand }}'}"), "dbg.yml");
        return kit.builder().build().run(flow, RunOptions.builder().dryRun(true).build());
    }

    @Test
    void aPutWithATimeoutAndABody() {
        RunResult result = dryRun("{curl: '" + URL + "', method: put, timeout: '30', rawpostdata: data=moodletest}");

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.call.dbgcommand"))
                .contains("curl -s -X PUT " + URL + " --max-time 30 --data-raw 'data=moodletest'");
    }

    @Test
    void aPostWithNoTimeoutAndHeadersSomeBlankOneQuoted() {
        RunResult result = dryRun("{curl: '" + URL + "', method: post, timeout: '0', "
                + "headers: \"X-One:one\\nX-Two: \\nX-Three:th'ree\", rawpostdata: '{\"a\": 1}'}");

        String expected = "curl -s -X POST " + URL + " --max-time 60 -H 'X-One:one' -H 'X-Two;' "
                + "-H 'X-Three:th'\\''ree' --data-raw '{\"a\": 1}'";
        assertThat(result.variable("steps.call.dbgcommand")).contains(expected);
        assertThat(result.variable("steps.call.vars.curlcmd")).contains(expected);
    }

    @Test
    void aDestinationMustBeInAPermittedDirectory() {
        String absolute = "{curl: '" + URL + "', destination: /var/tmp.json}";
        Dataflow relative = Definitions.readYaml("name: d\nsteps:\n  call:\n    type: connector_curl\n"
                + "    config: {curl: '" + URL + "', destination: tmp.json}\n", "d.yml");
        Dataflow outside = Definitions.readYaml("name: d\nsteps:\n  call:\n    type: connector_curl\n"
                + "    config: " + absolute + "\n", "d.yml");

        DataflowEngine noPermitted = kit.builder().baseDirectory(dir).build();
        assertThat(noPermitted.validate(relative).problems()).isEmpty();
        assertThat(noPermitted.validate(outside).problems())
                .containsExactly(io.dataflows.Problem.ofStep("call", "config.destination",
                        "Path \"/var/tmp.json\" is not permitted."));
        DataflowEngine varPermitted = kit.builder().baseDirectory(dir).permittedDirectory(Path.of("/var")).build();
        assertThat(varPermitted.validate(outside).problems()).isEmpty();
    }
}
