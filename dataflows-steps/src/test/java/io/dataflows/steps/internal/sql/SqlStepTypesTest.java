package io.dataflows.steps.internal.sql;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.StepRegistry;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the SQL step types declare, and how SQL text is taken apart; no database needed. */
class SqlStepTypesTest {

    private static final StepRegistry REGISTRY = StepRegistry.discover();

    private static StepType type(String id) {
        return REGISTRY.find(id).orElseThrow();
    }

    @Test
    void theThreeTypesAreDiscoveredWithTheirGroupsLinksAndOutputs() {
        StepType reader = type("reader_sql");
        StepType connector = type("connector_sql");
        StepType flow = type("flow_sql");

        assertThat(reader.kind()).isEqualTo(StepKind.READER);
        assertThat(reader.group()).isEqualTo("readers");
        assertThat(reader.displayName()).isEqualTo("SQL reader");
        assertThat(reader.links()).isEqualTo(LinkLimits.of(0, 0, 0, 1, 1, 1, 0, 0));
        assertThat(reader.outputs()).containsOnlyKeys("config.countervalue");
        assertThat(connector.group()).isEqualTo("connectors");
        assertThat(connector.displayName()).isEqualTo("SQL");
        assertThat(connector.links()).isEqualTo(LinkLimits.of(0, 1, 0, 1, 0, 1, 0, 1));
        assertThat(flow.group()).isEqualTo("flows");
        assertThat(flow.links()).isEqualTo(LinkLimits.of(1, 1, 0, 0, 1, 1, 0, 0));
        assertThat(flow.outputs()).containsOnlyKeys("count", "data", "rows");
        for (StepType t : List.of(reader, connector, flow)) {
            assertThat(t.description()).isNotBlank();
            assertThat(t.configSchema().field("sql").orElseThrow().isRequired()).isTrue();
            assertThat(t.configSchema().field("connection")).isPresent();
        }
    }

    @Test
    void onlyWriteStatementsHaveSideEffects() {
        StepType flow = type("flow_sql");
        assertThat(flow.hasSideEffects(map("sql", "SELECT * FROM {course}"))).isFalse();
        assertThat(flow.hasSideEffects(map("sql", "  -- comment\n(select 1)"))).isFalse();
        assertThat(flow.hasSideEffects(map("sql", "WITH x AS (SELECT 1) SELECT * FROM x"))).isFalse();
        assertThat(flow.hasSideEffects(map("sql", "UPDATE {course} SET a = ${{ record.a }}"))).isTrue();
        assertThat(flow.hasSideEffects(map("sql", "WITH d AS (DELETE FROM t RETURNING id) SELECT * FROM d")))
                .isTrue();
        assertThat(flow.hasSideEffects(map("sql", "/* x */ insert into t values (1)"))).isTrue();
        assertThat(type("reader_sql").hasSideEffects(map("sql", "SELECT 1"))).isFalse();
    }

    @Test
    void onlyANonEmptyCounterfieldBlocksConcurrency() {
        StepType reader = type("reader_sql");
        assertThat(reader.concurrencyBlocker(map("sql", "SELECT 1"))).isEmpty();
        assertThat(reader.concurrencyBlocker(map("sql", "SELECT 1", "counterfield", ""))).isEmpty();
        assertThat(reader.concurrencyBlocker(map("sql", "SELECT 1", "counterfield", "id")))
                .contains("Counterfield value is non-empty.");
    }

    @Test
    void sqlIsParsedIntoTextParametersAndFragments() {
        SqlTemplate t = SqlTemplate.parse("SELECT * FROM {user} u JOIN {user_info} i ON 1 = 1\n"
                + "[[ WHERE u.id > ${{ config.countervalue }} AND x = ${{ '}}' }} ]] ORDER BY ${{ {a: 1}.a }}", "mdl_");

        assertThat(t.parts()).containsExactly(
                new SqlTemplate.Text("SELECT * FROM mdl_user u JOIN mdl_user_info i ON 1 = 1\n"),
                new SqlTemplate.Fragment(List.of(new SqlTemplate.Text(" WHERE u.id > "),
                        new SqlTemplate.Param("config.countervalue", 2), new SqlTemplate.Text(" AND x = "),
                        new SqlTemplate.Param("'}}'", 2), new SqlTemplate.Text(" "))),
                new SqlTemplate.Text(" ORDER BY "),
                new SqlTemplate.Param("{a: 1}.a", 2));
        assertThat(SqlTemplate.parse("SELECT ${{countervalue}} FROM {t}", "").parts()).containsExactly(
                new SqlTemplate.Text("SELECT "), new SqlTemplate.Param("countervalue", 1),
                new SqlTemplate.Text(" FROM t"));
        assertThat(SqlTemplate.parse("SELECT a[1], b[2]] FROM t", "").parts())
                .containsExactly(new SqlTemplate.Text("SELECT a[1], b[2]] FROM t"));
    }

    @Test
    void malformedSqlIsReportedByValidation() {
        assertThatThrownBy(() -> SqlTemplate.parse("SELECT [[ x ", "")).hasMessage(
                "optional fragment '[[' at line 1 has no closing ']]'");
        assertThatThrownBy(() -> SqlTemplate.parse("SELECT\n${{ a ", "")).hasMessage(
                "'${{' at line 2 has no closing '}}'");
        assertThatThrownBy(() -> SqlTemplate.parse("[[ [[ ]] ]]", "")).hasMessage(
                "optional fragment '[[' at line 1 is inside another one (line 1)");

        DataflowEngine engine = DataflowEngine.builder().build();
        assertThat(engine.validate(Definitions.readYaml("""
                name: v
                steps:
                  a: {type: connector_sql, config: {sql: 'DELETE FROM t [[ WHERE id = ${{ 1 }}'}}
                """, "v.yml")).problems()).extracting(Problem::toString).containsExactly(
                "a: Config 'sql' is invalid: optional fragment '[[' at line 1 has no closing ']]'.");
    }
}
