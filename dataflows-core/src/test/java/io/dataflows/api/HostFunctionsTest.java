package io.dataflows.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.DataflowEngine;
import io.dataflows.HostCall;
import io.dataflows.HostFunction;
import io.dataflows.HostFunctions;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Registering host functions on the engine builder, and what a HostCall holds. */
class HostFunctionsTest {

    private static final HostFunction ECHO = call -> call.parameters();

    @Test
    void functionsOfBothKindsAreListedSortedAndCalledByName() throws Exception {
        HostFunctions functions = DataflowEngine.builder()
                .hostFunction("save", call -> "saved " + call.parameters().get("id"))
                .readOnlyHostFunction("find.user-1", ECHO)
                .build().hostFunctions();

        assertThat(functions.names()).containsExactly("find.user-1", "save");
        assertThat(functions.contains("save")).isTrue();
        assertThat(functions.contains("nope")).isFalse();
        assertThat(functions.isReadOnly("find.user-1")).isTrue();
        assertThat(functions.isReadOnly("save")).isFalse();
        assertThat(functions.call(new HostCall("save", Map.of("id", 4), null, "flow", "step", "run-1")))
                .isEqualTo("saved 4");
        assertThatThrownBy(() -> functions.isReadOnly("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No host function 'nope' is registered; registered: find.user-1, save.");
        assertThatThrownBy(() -> DataflowEngine.builder().build().hostFunctions()
                .call(new HostCall("nope", Map.of(), null, "flow", "step", "run-1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No host function 'nope' is registered; the engine has none.");
    }

    @Test
    void anEngineWithoutFunctionsHasNone() {
        assertThat(DataflowEngine.builder().build().hostFunctions().names()).isEmpty();
        assertThat(HostFunctions.none().names()).isEmpty();
    }

    @Test
    void namesAreLettersDigitsAndUnderscoreDotOrDash() {
        for (String bad : List.of("", "has space", "slash/name", "ünïcode", "semi;colon")) {
            assertThatThrownBy(() -> DataflowEngine.builder().hostFunction(bad, ECHO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("host function name must match [A-Za-z0-9_.-]+: " + bad);
            assertThatThrownBy(() -> DataflowEngine.builder().readOnlyHostFunction(bad, ECHO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("host function name must match [A-Za-z0-9_.-]+: " + bad);
        }
        assertThatThrownBy(() -> DataflowEngine.builder().hostFunction(null, ECHO))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> DataflowEngine.builder().hostFunction("f", null))
                .isInstanceOf(NullPointerException.class).hasMessage("function");
    }

    @Test
    void aNameIsRegisteredOnceAcrossBothKinds() {
        assertThatThrownBy(() -> DataflowEngine.builder().hostFunction("f", ECHO).hostFunction("f", ECHO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("host function registered twice: f");
        assertThatThrownBy(() -> DataflowEngine.builder().hostFunction("f", ECHO).readOnlyHostFunction("f", ECHO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("host function registered twice: f");
        assertThatThrownBy(() -> DataflowEngine.builder().readOnlyHostFunction("f", ECHO).hostFunction("f", ECHO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("host function registered twice: f");
    }

    @Test
    void anEngineKeepsTheFunctionsItWasBuiltWith() {
        DataflowEngine.Builder builder = DataflowEngine.builder().hostFunction("a", ECHO);
        DataflowEngine first = builder.build();
        builder.readOnlyHostFunction("b", ECHO);

        assertThat(first.hostFunctions().names()).containsExactly("a");
        assertThat(builder.build().hostFunctions().names()).containsExactly("a", "b");
    }

    @Test
    void aCallCopiesAndNormalisesItsParameters() {
        List<Object> tags = new ArrayList<>(List.of("x", 1));
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("tags", tags);
        nested.put("small", 2.5f);
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("id", 7);
        parameters.put("big", BigInteger.TEN);
        parameters.put("text", new StringBuilder("sb"));
        parameters.put("none", null);
        parameters.put("nested", nested);

        HostCall call = new HostCall("f", parameters, "", "flow", "step", "run-1");
        tags.add("later");
        parameters.put("added", true);

        Map<String, Object> expectedNested = new LinkedHashMap<>();
        expectedNested.put("tags", List.of("x", 1L));
        expectedNested.put("small", 2.5d);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", 7L);
        expected.put("big", new BigDecimal(BigInteger.TEN));
        expected.put("text", "sb");
        expected.put("none", null);
        expected.put("nested", expectedNested);
        assertThat(call.parameters()).isEqualTo(expected);
        assertThat(call.parameters().keySet()).containsExactly("id", "big", "text", "none", "nested");
        assertThatThrownBy(() -> call.parameters().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(call.user()).isEmpty();
        assertThat(new HostCall("f", Map.of(), "admin", "flow", "step", "run-1").user()).contains("admin");
        assertThat(call).hasToString("HostCall[f from flow/step]");
        assertThat(Set.of(call.function(), call.dataflowName(), call.stepAlias(), call.runId()))
                .containsExactlyInAnyOrder("f", "flow", "step", "run-1");
    }

    @Test
    void parametersOfOtherTypesAreRefused() {
        assertThatThrownBy(() -> new HostCall("f", Map.of("when", new Object()), null, "flow", "step", "run-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field 'parameters' has a value of unsupported type java.lang.Object");
    }
}
