package io.dataflows.steps.internal.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.Definitions;
import io.dataflows.Problem;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.SecretProvider;
import io.dataflows.StepRegistry;
import io.dataflows.testkit.ArraySource;
import io.dataflows.testkit.TestDatabase;
import io.dataflows.testkit.TestKit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * SQL as flows exported from tool_dataflows wrote it. The PHP plugin pasted a fragment's values into the SQL text,
 * so its flows quote them ({@code [[ AND name = '${{ v }}' ]]}) and put lists of ids in {@code IN ( )}. Here the
 * quoted string becomes one bound parameter and a list one parameter per element: the same rows, and no value ever
 * reaches the SQL text, which the attacks show on H2 and PostgreSQL.
 */
class SqlFragmentsAsPhpWroteThemTest {

    private final TestKit kit = new TestKit();

    private TestDatabase db;

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
            db = null;
        }
    }

    private DataflowEngine engine() {
        return DataflowEngine.builder()
                .stepRegistry(StepRegistry.builder().discover().add(new ArraySource()).add(kit.sink()).build())
                .dataSource("main", db.dataSource())
                .secretProvider(SecretProvider.of(Map.of("name", "bob")))
                .build();
    }

    private void people(TestDatabase.Kind kind) {
        db = TestDatabase.create(kind);
        db.execute("CREATE TABLE people (id INT, name VARCHAR(100))",
                "INSERT INTO people VALUES (1, 'alice'), (2, 'bob'), (3, 'carol'), (4, 'o''brien'), (5, 'a,b')");
    }

    /** Runs a reader with {@code sql} and the flow variable {@code v}; returns the ids read. */
    private List<Object> ids(String sql, Object v) {
        RunResult result = run(sql, v);
        assertThat(result.status()).as(result.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        return kit.sink().maps("out").stream().map(r -> r.get("id")).toList();
    }

    private RunResult run(String sql, Object v) {
        kit.sink().reset();
        Dataflow flow = Definitions.readYaml("""
                name: php-sql
                steps:
                  read:
                    type: reader_sql
                    config:
                      sql: %s
                  out: {type: test_sink, depends_on: read}
                """.formatted(yamlString(sql)), "php-sql.yml");
        RunOptions.Builder options = RunOptions.builder();
        if (v != null) {
            options.var("v", v);
        }
        return engine().run(flow, options.build());
    }

    private static String yamlString(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    // tool_dataflows pasted the value between the quotes: AND name = 'bob'. Bound, the quotes go: name = ?.
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aQuotedExpressionInAFragmentIsOneParameterInPlaceOfTheLiteral(TestDatabase.Kind kind) {
        people(kind);
        String sql = "SELECT id FROM people WHERE 1 = 1 [[ AND name = '${{ dataflow.vars.v }}' ]] ORDER BY id";

        assertThat(ids(sql, "bob")).containsExactly(2L);
        assertThat(ids(sql, "o'brien")).containsExactly(4L);
        assertThat(ids(sql, 3)).isEmpty(); // a number in quotes is text, as the pasted '3' was
        // tool_dataflows left out a fragment whose value was empty
        assertThat(ids(sql, "")).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    // The same outside a fragment (where tool_dataflows left '?' in quotes, which no database binds).
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aQuotedExpressionOutsideAFragmentIsOneParameterToo(TestDatabase.Kind kind) {
        people(kind);
        assertThat(ids("SELECT id FROM people WHERE name = '${{ dataflow.vars.v }}'", "carol"))
                .containsExactly(3L);
        // A number compared with a quoted value: the database reads the text as it read the pasted literal.
        assertThat(ids("SELECT id FROM people WHERE id = '${{ dataflow.vars.v }}'", 3)).containsExactly(3L);
    }

    // tool_dataflows pasted the value into the literal: LIKE '%ob%'. The literal's text with the value in place is
    // the one parameter.
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void textAroundTheExpressionInTheLiteralIsPartOfTheParameter(TestDatabase.Kind kind) {
        people(kind);
        String sql = "SELECT id FROM people WHERE 1 = 1 [[ AND name LIKE '%${{ dataflow.vars.v }}%' ]] ORDER BY id";

        assertThat(ids(sql, "o")).containsExactly(2L, 3L, 4L);
        assertThat(ids(sql, "")).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(ids("SELECT id FROM people WHERE name = 'o''${{ dataflow.vars.v }}'", "brien"))
                .containsExactly(4L);
        assertThat(ids("SELECT id FROM people WHERE name = '${{ dataflow.vars.v }}${{ \"ice\" }}'", "al"))
                .containsExactly(1L);
    }

    // tool_dataflows pasted the value into a typed literal: DATE '2026-01-02'. A type name cannot precede a
    // parameter, so the literal becomes CAST(? AS DATE), and TIMESTAMP WITH TIME ZONE '...' a cast to that type.
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aTypedLiteralBecomesACastOfTheParameter(TestDatabase.Kind kind) {
        people(kind);
        db.execute("CREATE TABLE events (id INT, day DATE, at TIMESTAMP, at_zone TIMESTAMP WITH TIME ZONE)",
                "INSERT INTO events VALUES (1, DATE '2026-01-01', TIMESTAMP '2026-01-01 08:00:00', "
                        + "TIMESTAMP WITH TIME ZONE '2026-01-01 08:00:00+00'), "
                        + "(2, DATE '2026-01-02', TIMESTAMP '2026-01-02 08:00:00', "
                        + "TIMESTAMP WITH TIME ZONE '2026-01-02 08:00:00+00')");

        assertThat(ids("SELECT id FROM events WHERE 1 = 1 [[ AND day >= DATE '${{ dataflow.vars.v }}' ]]",
                "2026-01-02")).containsExactly(2L);
        assertThat(ids("SELECT id FROM events WHERE at < timestamp '${{ dataflow.vars.v }} 00:00:00'",
                "2026-01-02")).containsExactly(1L);
        // 08:00 UTC is 10:00 at +02: the zone in the text is read, so only event 1 is before it on 2026-01-02
        assertThat(ids("SELECT id FROM events WHERE at_zone < TIMESTAMP WITH TIME ZONE '${{ dataflow.vars.v }}'",
                "2026-01-02 09:00:00+02")).containsExactly(1L);
        assertThat(ids("SELECT id FROM events WHERE at_zone < timestamp  with\ttime zone '${{ dataflow.vars.v }}'",
                "2026-01-02 11:00:00+02")).containsExactly(1L, 2L);
        assertThat(SqlTemplate.parse("SELECT x + INTERVAL '${{ n }} days', TIMESTAMP WITH TIME ZONE '${{ t }}', "
                + "time without time zone '${{ u }}'", "").parts()).containsExactly(new SqlTemplate.Text("SELECT x + "),
                        new SqlTemplate.Quoted(List.of(new SqlTemplate.Param("n", 1), new SqlTemplate.Text(" days")),
                                "INTERVAL"),
                        new SqlTemplate.Text(", "),
                        new SqlTemplate.Quoted(List.of(new SqlTemplate.Param("t", 1)), "TIMESTAMP WITH TIME ZONE"),
                        new SqlTemplate.Text(", "),
                        new SqlTemplate.Quoted(List.of(new SqlTemplate.Param("u", 1)), "TIME WITHOUT TIME ZONE"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aListInInIsOneParameterPerElement(TestDatabase.Kind kind) {
        people(kind);
        String sql = "SELECT id FROM people WHERE id IN (${{ dataflow.vars.v }}) ORDER BY id";

        assertThat(ids(sql, List.of(1, 3, 5))).containsExactly(1L, 3L, 5L);
        assertThat(ids(sql, List.of(2))).containsExactly(2L);
        assertThat(ids(sql, 4)).containsExactly(4L);
        assertThat(ids("SELECT id FROM people WHERE name NOT IN ( ${{ dataflow.vars.v }} ) ORDER BY id",
                List.of("alice", "bob"))).containsExactly(3L, 4L, 5L);
        // A comma-separated string is one value: 'a,b' is a name, not two.
        assertThat(ids("SELECT id FROM people WHERE name IN (${{ dataflow.vars.v }})", "a,b"))
                .containsExactly(5L);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anEmptyListLeavesItsFragmentOutAndFailsClearlyOutsideOne(TestDatabase.Kind kind) {
        people(kind);
        String optional = "SELECT id FROM people WHERE 1 = 1 [[ AND id IN (${{ dataflow.vars.v }}) ]] ORDER BY id";

        assertThat(ids(optional, List.of(2, 4))).containsExactly(2L, 4L);
        assertThat(ids(optional, List.of())).containsExactly(1L, 2L, 3L, 4L, 5L);

        RunResult bare = run("SELECT id FROM people WHERE id IN (${{ dataflow.vars.v }})", List.of());
        assertThat(bare.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(bare.error()).contains("Step 'read' (reader_sql) failed on record #1: The list for IN ( ) is "
                + "empty (${{ dataflow.vars.v }}): SQL has no empty IN list; put the condition in an optional "
                + "fragment [[ ... ]] to leave it out when the list is empty");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aListElsewhereOrInAQuotedStringIsRefusedAsBefore(TestDatabase.Kind kind) {
        people(kind);
        RunResult equals = run("SELECT id FROM people WHERE id = ${{ dataflow.vars.v }}", List.of(1, 2));
        RunResult quoted = run("SELECT id FROM people WHERE name = '${{ dataflow.vars.v }}'", List.of(1, 2));
        RunResult nested = run("SELECT id FROM people WHERE id IN (${{ dataflow.vars.v }})",
                List.of(1, List.of(2)));

        for (RunResult r : List.of(equals, quoted, nested)) {
            assertThat(r.status()).isEqualTo(RunStatus.ABORTED);
            assertThat(r.error()).contains("Step 'read' (reader_sql) failed on record #1: The SQL parameter must be "
                    + "a valid type (string or int), found list (${{ dataflow.vars.v }})");
        }
    }

    /** Attacks through each form; the table must be intact and only matching rows read. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void injectionThroughAQuotedStringOrAListFindsNothingAndDropsNothing(TestDatabase.Kind kind) {
        people(kind);
        String orTrue = "x' OR '1'='1";
        String drop = "1); DROP TABLE people; --";

        assertThat(ids("SELECT id FROM people WHERE 1 = 1 [[ AND name = '${{ dataflow.vars.v }}' ]]", orTrue))
                .isEmpty();
        assertThat(ids("SELECT id FROM people WHERE name LIKE '%${{ dataflow.vars.v }}%'", orTrue)).isEmpty();
        assertThat(ids("SELECT id FROM people WHERE name = '${{ dataflow.vars.v }}'", drop)).isEmpty();
        assertThat(ids("SELECT id FROM people WHERE name IN (${{ dataflow.vars.v }})", List.of("bob", orTrue, drop)))
                .containsExactly(2L);
        assertThat(ids("SELECT id FROM people WHERE name IN (${{ dataflow.vars.v }})", drop)).isEmpty();
        assertThat(ids("SELECT id FROM people WHERE 1 = 1 [[ AND name = ${{ dataflow.vars.v }} ]]", orTrue))
                .isEmpty();
        RunResult numeric = run("SELECT id FROM people WHERE id IN (${{ dataflow.vars.v }})", List.of(drop));
        assertThat(numeric.status()).isEqualTo(RunStatus.ABORTED); // '1); DROP ...' is not a number
        assertThat(numeric.error().orElse("")).contains("SELECT id FROM people WHERE id IN (?)");

        assertThat(db.number("SELECT COUNT(*) FROM people")).isEqualTo(5);
    }

    /** What a dry run shows of a write is its SQL with placeholders: a secret bound in it is not there. */
    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aDryRunShowsPlaceholdersNotValues(TestDatabase.Kind kind) {
        people(kind);
        RunResult dry = engine().run(Definitions.readYaml("""
                name: dry
                steps:
                  update:
                    type: connector_sql
                    config:
                      sql: |
                        UPDATE people SET name = 'x' WHERE 1 = 1 [[ AND name = '${{ secrets.name }}' ]]
                        AND id IN (${{ [1, 2, 3] }}) AND name LIKE '%${{ secrets.name }}%'
                """, "dry.yml"), RunOptions.builder().dryRun(true).build());

        assertThat(dry.status()).as(dry.error().orElse("")).isEqualTo(RunStatus.FINALISED);
        assertThat(dry.effects()).extracting(Object::toString).containsExactly(
                "update: would execute SQL: UPDATE people SET name = 'x' WHERE 1 = 1 AND name = ? "
                        + "AND id IN (?, ?, ?) AND name LIKE ? (5 parameters)");
        assertThat(db.number("SELECT COUNT(*) FROM people WHERE name = 'bob'")).isEqualTo(1);

        // A database's message may quote a bound value (PostgreSQL does); a secret's is redacted from it.
        RunResult failed = engine().run(Definitions.readYaml("""
                name: fails
                steps:
                  q: {type: connector_sql, config: {sql: "SELECT id FROM people WHERE id = '${{ secrets.name }}'"}}
                """, "fails.yml"));
        assertThat(failed.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(failed.error().orElse("")).contains("SELECT id FROM people WHERE id = ?")
                .doesNotContain("bob");
    }

    @Test
    void expressionsInIdentifiersAndEscapedStringsAreReportedByValidation() {
        DataflowEngine engine = DataflowEngine.builder().build();
        assertThat(engine.validate(Definitions.readYaml("""
                name: v
                steps:
                  a: {type: connector_sql, config: {sql: 'SELECT "${{ dataflow.name }}" FROM t'}}
                  b: {type: connector_sql, config: {sql: "SELECT E'a\\\\n${{ dataflow.name }}' FROM t"}}
                  c: {type: connector_sql, config: {sql: "SELECT 'a ${{ dataflow.name }} FROM t"}}
                """, "v.yml")).problems()).extracting(Problem::toString).containsExactly(
                "a: Config 'sql' is invalid: the expression '${{ dataflow.name }}' at line 1 is inside a "
                        + "double-quoted identifier (line 1): values are bound as parameters and cannot name a "
                        + "column or table; to compare with text, quote it with single quotes.",
                "b: Config 'sql' is invalid: the expression '${{ dataflow.name }}' at line 1 is inside an E'...' "
                        + "string: write it in a plain '...' string.",
                "c: Config 'sql' is invalid: the quoted text at line 1 has no closing quote.");
    }

    @Test
    void quotesInCommentsAndBracketsInQuotesAreText() {
        SqlTemplate t = SqlTemplate.parse("""
                SELECT '[[a]]', "it's" -- don't
                /* it's */ FROM {t} WHERE x = '{t}''${{ v }}' [[ AND y IN (${{ w }}) ]]""", "p_");

        assertThat(t.parts()).containsExactly(
                new SqlTemplate.Text("SELECT '[[a]]', \"it's\" -- don't\n/* it's */ FROM p_t WHERE x = "),
                new SqlTemplate.Quoted(List.of(new SqlTemplate.Text("p_t'"), new SqlTemplate.Param("v", 2))),
                new SqlTemplate.Text(" "),
                new SqlTemplate.Fragment(List.of(new SqlTemplate.Text(" AND y IN ("),
                        new SqlTemplate.ListParam("w", 2), new SqlTemplate.Text(") "))));
        assertThatThrownBy(() -> SqlTemplate.parse("SELECT [[ 'x ]]", "")).hasMessage(
                "optional fragment '[[' at line 1 has no closing ']]' (the quote at line 1 is not closed)");
        assertThat(SqlTemplate.parse("SELECT 'it''s' FROM t", "").parts())
                .containsExactly(new SqlTemplate.Text("SELECT 'it''s' FROM t"));
    }
}
