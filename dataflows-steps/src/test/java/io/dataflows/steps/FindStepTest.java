package io.dataflows.steps;

import static io.dataflows.testkit.Maps.map;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FindStepTest {

    private static final List<Object> USERS = List.of(map("id", 1, "name", "Ann", "role", "admin"),
            map("id", 2, "name", "Bo"), map("id", 3, "name", "Cy"));

    private final DataflowEngine engine = DataflowEngine.builder().build();

    private RunResult find(Object collection, String condition) {
        return engine.run(Dataflow.builder("find")
                .var("users", collection)
                .step("find", Steps.connectorFind("dataflow.vars.users", condition))
                .build());
    }

    @Test
    void publishesTheFirstItemThatMeetsTheCondition() {
        RunResult result = engine.run(Dataflow.builder("find")
                .var("users", USERS)
                .step("find", Steps.connectorFind("dataflow.vars.users", "item.id >= 2"))
                .step("after", Steps.connectorNoop()).dependsOn("find").stepVar("name", "${{ steps.find.match.name }}")
                .build());

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.find.match")).contains(Map.of("id", 2L, "name", "Bo"));
        assertThat(result.variable("steps.after.vars.name")).contains("Bo");
    }

    @Test
    void conditionsMayUseRecordAsToolDataflowsDid() {
        RunResult result = find(USERS, "record.name == 'Cy'");

        assertThat(result.variable("steps.find.match")).contains(Map.of("id", 3L, "name", "Cy"));
    }

    @Test
    void noMatchPublishesAnEmptyMap() {
        RunResult result = find(USERS, "item.id > 10");

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.find.match")).contains(Map.of());
    }

    @Test
    void eachItemIsSeenWithoutTheFieldsOfEarlierItems() {
        RunResult result = find(USERS, "isset(item.role) and item.id > 1");

        assertThat(result.variable("steps.find.match")).contains(Map.of());
        assertThat(result.variable("steps.find.item")).contains(Map.of("id", 3L, "name", "Cy"));
    }

    @Test
    void itemsMayBeScalarsAndMapsMixed() {
        RunResult result = find(List.of(5, "x", map("id", 7)), "item == 'x'");

        assertThat(result.status()).isEqualTo(RunStatus.FINALISED);
        assertThat(result.variable("steps.find.match")).contains("x");
    }

    @Test
    void aCollectionThatIsNotAListFailsTheStep() {
        RunResult result = find("not a list", "true");

        assertThat(result.status()).isEqualTo(RunStatus.ABORTED);
        assertThat(result.error()).hasValueSatisfying(m -> assertThat(m)
                .contains("Config 'collection' is invalid. 'dataflow.vars.users' must yield a list"));
    }
}
