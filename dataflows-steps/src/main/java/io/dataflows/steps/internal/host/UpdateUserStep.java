package io.dataflows.steps.internal.host;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.steps.internal.connector.PreparedActionStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_update_user} (once) and {@code flow_update_user} (per record): calls the application's host
 * function named {@value #FUNCTION} with the parameters {@code {userid: <userid>, fields: {<fields>}}} and
 * publishes what it returns as {@code result}. Where tool_dataflows updated a Moodle user, the application decides
 * what updating a user means. As in tool_dataflows, the fields {@code password} and {@code auth} are never passed
 * (logged at INFO). A failure of the function fails the step. See docs/host-functions.md.
 */
public abstract class UpdateUserStep extends PreparedActionStep {

    private static final Logger log = LoggerFactory.getLogger(UpdateUserStep.class);

    /** The host function these steps call. */
    static final String FUNCTION = "update_user";

    /** Fields tool_dataflows ignored: changing them needs more than setting a value. */
    private static final List<String> IGNORED_FIELDS = List.of("password", "auth");

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("userid", FieldType.STRING).required()
                    .describe("The id of the user to update (a template)"))
            .field(ConfigField.of("fields", FieldType.ANY).required()
                    .describe("Field name to new value (templates); a map, or JSON or YAML text of one. password "
                            + "and auth are ignored"))
            .build();

    private static final Map<String, String> OUTPUTS = Map.of("result",
            "What the update_user host function returned (null when a dry run skipped the call)");

    UpdateUserStep(StepKind kind) {
        super(kind);
    }

    @Override
    public String displayName() {
        return "Update user";
    }

    @Override
    public String description() {
        return "Calls the application's update_user host function" + (isConnector() ? " once" : " for each record")
                + " with a user id and the fields to change (password and auth are ignored); skipped in dry runs "
                + "unless registered read-only.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public Map<String, String> outputs() {
        return OUTPUTS;
    }

    /** True: updating a user changes the application's data (dry runs skip the call unless it is read-only). */
    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return true;
    }

    @Override
    public void validate(StepValidation validation) {
        HostFunctionCaller.validate(validation, null, FUNCTION);
        Object fields = validation.config().get("fields");
        if (fields != null) {
            try {
                StructuredText.map(fields, "fields");
            } catch (DataflowException e) {
                validation.problem("fields", e.getOriginalMessage());
            }
        }
    }

    @Override
    protected Action prepare(StepContext ctx) {
        Map<String, Object> fields = new LinkedHashMap<>(StructuredText.map(ctx.config().raw("fields"), "fields"));
        for (String ignored : IGNORED_FIELDS) {
            if (fields.containsKey(ignored)) {
                fields.remove(ignored);
                log.info("Step '{}': the field '{}' is ignored: update_user steps do not change passwords or "
                        + "authentication methods, as in tool_dataflows.", ctx.stepAlias(), ignored);
            }
        }
        TemplateTree templates = TemplateTree.compile(ctx, fields);
        HostFunctionCaller caller = new HostFunctionCaller(ctx);
        return input -> {
            Object userid = ctx.config().value("userid");
            if (userid == null || "".equals(userid)) {
                throw new DataflowException("Config 'userid' is missing (its template evaluated to nothing).");
            }
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("userid", userid);
            parameters.put("fields", templates.evaluate());
            Object result;
            try {
                result = caller.call(FUNCTION, parameters, null);
            } catch (HostFunctionCaller.CallFailure e) {
                throw new DataflowException(e.getMessage(), e.getCause());
            }
            ctx.output("result", result);
            return input;
        };
    }

    /** {@code connector_update_user}. */
    public static final class Connector extends UpdateUserStep {
        public Connector() {
            super(StepKind.CONNECTOR);
        }

        @Override
        public String id() {
            return "connector_update_user";
        }
    }

    /** {@code flow_update_user}. */
    public static final class Flow extends UpdateUserStep {
        public Flow() {
            super(StepKind.FLOW);
        }

        @Override
        public String id() {
            return "flow_update_user";
        }
    }
}
