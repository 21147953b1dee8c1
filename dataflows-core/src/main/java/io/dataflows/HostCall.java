package io.dataflows;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One call of a {@link HostFunction}: what the step passes and who calls. Immutable. */
public final class HostCall {

    private final String function;
    private final Map<String, Object> parameters;
    private final @Nullable String user;
    private final String dataflowName;
    private final String stepAlias;
    private final String runId;

    /**
     * @param function the name the function is registered under
     * @param parameters the parameters, evaluated: null, booleans, numbers, strings, lists and maps (copied)
     * @param user the user the step asks to act as, or null when it names none
     * @param dataflowName the calling flow
     * @param stepAlias the calling step
     * @param runId the calling run
     */
    public HostCall(String function, Map<String, ?> parameters, @Nullable String user, String dataflowName,
            String stepAlias, String runId) {
        this.function = Objects.requireNonNull(function, "function");
        @SuppressWarnings("unchecked")
        Map<String, Object> normal = (Map<String, Object>) DataValues.normalize(
                Objects.requireNonNull(parameters, "parameters"), "parameters");
        this.parameters = normal;
        this.user = user == null || user.isEmpty() ? null : user;
        this.dataflowName = Objects.requireNonNull(dataflowName, "dataflowName");
        this.stepAlias = Objects.requireNonNull(stepAlias, "stepAlias");
        this.runId = Objects.requireNonNull(runId, "runId");
    }

    /** The name the function is registered under. */
    public String function() {
        return function;
    }

    /** The parameters, evaluated; unmodifiable, in the order the flow gives them. */
    public Map<String, Object> parameters() {
        return parameters;
    }

    /** The user the flow asks the function to act as (the step's {@code user} config), if it names one. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The name of the calling flow. */
    public String dataflowName() {
        return dataflowName;
    }

    /** The alias of the calling step. */
    public String stepAlias() {
        return stepAlias;
    }

    /** The id of the calling run. */
    public String runId() {
        return runId;
    }

    @Override
    public String toString() {
        return "HostCall[" + function + " from " + dataflowName + "/" + stepAlias + "]";
    }
}
