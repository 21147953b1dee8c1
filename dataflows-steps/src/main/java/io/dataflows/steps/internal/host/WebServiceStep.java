package io.dataflows.steps.internal.host;

import io.dataflows.DataflowException;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.Evaluation;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code flow_web_service}: calls a function of the application ({@link io.dataflows.HostFunction}, registered on
 * the engine builder) for each record, with {@code parameters} evaluated for that record, and publishes what it
 * returns as {@code result}. Where tool_dataflows called a Moodle web service function, the application that embeds
 * the engine decides what a name means. See docs/host-functions.md.
 *
 * <p>When the function throws, {@code failure: abortflow} (the default) fails the step on that record,
 * {@code skiprecord} logs {@code Warn skipping record: <message>} and drops the record. {@code path} is accepted and
 * ignored: tool_dataflows documented it for a failure mode that did not exist.
 */
public final class WebServiceStep implements FlowStep {

    private static final Logger log = LoggerFactory.getLogger(WebServiceStep.class);

    static final String ABORT_FLOW = "abortflow";
    static final String SKIP_RECORD = "skiprecord";

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("webservice", FieldType.STRING).required()
                    .describe("The name of the host function to call (registered on the engine builder)"))
            .field(ConfigField.of("parameters", FieldType.ANY)
                    .describe("The parameters: a map whose text values are templates, or JSON or YAML text of "
                            + "one"))
            .field(ConfigField.of("user", FieldType.STRING)
                    .describe("The user the function is asked to act as (HostCall.user); empty: none"))
            .field(ConfigField.of("failure", FieldType.STRING).defaultValue(ABORT_FLOW).oneOf(ABORT_FLOW, SKIP_RECORD)
                    .evaluation(Evaluation.LITERAL)
                    .describe("When the function fails: abortflow fails the step, skiprecord drops the record"))
            .field(ConfigField.of("path", FieldType.STRING).evaluation(Evaluation.LITERAL)
                    .describe("Accepted for tool_dataflows compatibility and ignored"))
            .build();

    private static final Map<String, String> OUTPUTS = Map.of("result",
            "What the function returned for the last record (null when a dry run skipped the call)");

    @Override
    public String id() {
        return "flow_web_service";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String displayName() {
        return "Flow web service";
    }

    @Override
    public String description() {
        return "Calls a function of the application for each record with templated parameters and publishes its "
                + "result; functions that change something are skipped in dry runs.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    /** tool_dataflows: one input flow, at most one output flow, no connectors. */
    @Override
    public LinkLimits links() {
        return LinkLimits.of(1, 1, 0, 0, 0, 1, 0, 0);
    }

    @Override
    public Map<String, String> outputs() {
        return OUTPUTS;
    }

    /** Records pass on unchanged (or are dropped). */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    /**
     * True: which functions only read is known only to the engine the flow runs on, not from the config (dry runs
     * do not rely on this; read-only functions are still called in them).
     */
    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        return true;
    }

    @Override
    public void validate(StepValidation validation) {
        HostFunctionCaller.validate(validation, "webservice", validation.config().get("webservice"));
        Object parameters = validation.config().get("parameters");
        if (parameters != null) { // parsed before any template in it is evaluated, so checkable now
            try {
                StructuredText.map(parameters, "parameters");
            } catch (DataflowException e) {
                validation.problem("parameters", e.getOriginalMessage());
            }
        }
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        TemplateTree parameters = TemplateTree.compile(ctx,
                StructuredText.map(ctx.config().raw("parameters"), "parameters"));
        boolean skipRecord = SKIP_RECORD.equals(ctx.config().string("failure"));
        HostFunctionCaller caller = new HostFunctionCaller(ctx);
        return (record, out) -> {
            String function = ctx.config().string("webservice");
            String user = ctx.config().optionalString("user").orElse(null);
            Object result;
            try {
                result = caller.call(function, parameters.evaluate(), user);
            } catch (HostFunctionCaller.CallFailure e) {
                if (!skipRecord) {
                    throw new DataflowException(e.getMessage(), e.getCause());
                }
                log.warn("Warn skipping record: {}", e.getMessage());
                return;
            }
            ctx.output("result", result);
            out.emit(record);
        };
    }
}
