package io.dataflows.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolDataflowsImportTest {

    @TempDir
    Path dir;

    @Test
    void anExportedFlowWithPhpClassNamesRunsUnchanged() {
        JsonText.write(dir.resolve("scores.csv"), "name,score,country\nAnn,95,nz\nBo,40,au\nCy,70,nz\n");
        Dataflow flow = Definitions.readYaml(String.join("\n",
                "name: Scores",
                "vars:",
                "  threshold: 50",
                "steps:",
                "  read:",
                "    type: \\tool_dataflows\\local\\step\\reader_csv",
                "    config: {path: scores.csv}",
                "  passed:",
                "    depends_on: read",
                "    type: tool_dataflows\\local\\step\\flow_transformer_filter",
                "    config: {filter: 'record.score >= dataflow.vars.threshold'}",
                "  grade:",
                "    depends_on: passed",
                "    type: flow_transformer_alter",
                "    config:",
                "      expressions:",
                "        grade: \"${{ record.score >= 90 ? 'A' : 'B' }}\"",
                "        label: \"${{ record.name ~ '@' ~ strtoupper(record.country) }}\"",
                "  route:",
                "    depends_on: grade",
                "    type: flow_logic_switch",
                "    config:",
                "      cases: {top: 'record.grade == \"A\"', rest: 'true'}",
                "  top:",
                "    depends_on: route:top",
                "    type: writer_stream",
                "    config: {streamname: top.jsonl, format: jsonl}",
                "  rest:",
                "    depends_on: route:2",
                "    type: writer_stream",
                "    config: {streamname: rest.csv, format: csv}",
                ""), "scores.yml");
        DataflowEngine engine = DataflowEngine.builder().build();

        RunResult result = engine.run(flow, RunOptions.builder().baseDir(dir).build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(JsonText.read(dir.resolve("top.jsonl")))
                .isEqualTo("{\"name\":\"Ann\",\"score\":\"95\",\"country\":\"nz\",\"grade\":\"A\",\"label\":\"Ann@NZ\"}\n");
        assertThat(JsonText.read(dir.resolve("rest.csv")))
                .isEqualTo("name,score,country,grade,label\nCy,70,nz,B,Cy@NZ\n");
    }
}
