package io.dataflows.http.internal;

import io.dataflows.DataRecord;
import io.dataflows.Effect;
import io.dataflows.spi.AtomicOutput;
import io.dataflows.spi.CancelRegistration;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.ConnectorStep;
import io.dataflows.spi.Emitter;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.LinkLimits;
import io.dataflows.spi.Outcome;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.spi.TaskResult;
import io.dataflows.spi.Values;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connector_curl} (one request) and {@code flow_curl} (one request per record): sends an HTTP request and
 * publishes {@code response} and {@code dbgcommand}.
 *
 * <p>The flow form keeps up to {@code concurrency} requests in flight and passes records on in their input order,
 * each with its own {@code response} (see {@link StepContext#concurrentProcessor}). In a dry run, GET and HEAD
 * requests are sent unless {@code sideeffects} is set or the body would be saved outside the run's scratch
 * directory; any other request is skipped and reported as an effect.
 */
public abstract class CurlStep implements ConnectorStep, FlowStep {

    private static final Logger log = LoggerFactory.getLogger(CurlStep.class);

    private static final ConfigSchema CONNECTOR_CONFIG = schema(false);
    private static final ConfigSchema FLOW_CONFIG = schema(true);

    private static final Map<String, String> OUTPUTS;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dbgcommand", "A curl command line that sends the same request (credentials hidden)");
        m.put("response.result", "The response body as text; null when it was saved to destination");
        m.put("response.json", "The parsed body, when the response is JSON");
        m.put("response.info.http_code", "The HTTP status code");
        m.put("response.info.total_time", "Seconds the last attempt took");
        m.put("response.info.connect_time", "Seconds until the response headers arrived");
        m.put("response.info.size_upload", "Bytes of request body sent");
        m.put("response.info.content_type", "The Content-Type of the response");
        m.put("response.headers", "The response headers, by lower-case name");
        m.put("response.destination", "The file the body was saved to, or null");
        OUTPUTS = Collections.unmodifiableMap(m);
    }

    private static ConfigSchema schema(boolean flow) {
        ConfigSchema.Builder b = ConfigSchema.builder()
                .field(ConfigField.of("curl", FieldType.STRING).required().label("URL")
                        .describe("The URL (http:// or https://); may use expressions"))
                .field(ConfigField.of("method", FieldType.STRING).defaultValue("get")
                        .oneOf("get", "post", "head", "patch", "put", "delete")
                        .describe("The HTTP method"))
                .field(ConfigField.of("headers", FieldType.STRING)
                        .describe("Request headers, one 'Name: value' per line; a line starting with a space "
                                + "continues the previous one"))
                .field(ConfigField.of("rawpostdata", FieldType.STRING).label("Raw post data")
                        .describe("The request body (required for post and put)"))
                .field(ConfigField.of("destination", FieldType.STRING).path(PathAccess.WRITE)
                        .label("File / Response destination")
                        .describe("Saves the response body to this file (written atomically, streamed) instead of "
                                + "response.result"))
                .field(ConfigField.of("sideeffects", FieldType.BOOLEAN).defaultValue(false)
                        .describe("The request changes something even though it is a GET or HEAD: dry runs skip it"))
                .field(ConfigField.of("timeout", FieldType.NUMBER).defaultValue(CurlRequest.DEFAULT_TIMEOUT_SECONDS)
                        .describe("Seconds one attempt may take, connection and body included (0: the default, 60)"))
                .field(ConfigField.of("retries", FieldType.INTEGER).defaultValue(0L).minimum(0)
                        .describe("How many times a failed attempt is retried: connection errors, timeouts, 429 "
                                + "and 5xx responses, never other 4xx"))
                .field(ConfigField.of("retrydelay", FieldType.NUMBER).defaultValue(1L)
                        .describe("Seconds: the base of the exponential backoff between retries"))
                .field(ConfigField.of("retrymaxdelay", FieldType.NUMBER).defaultValue(30L)
                        .describe("Seconds: the longest wait between retries (a longer Retry-After is not retried)"))
                .field(ConfigField.of("retrynonidempotent", FieldType.BOOLEAN).defaultValue(false)
                        .describe("Retry post and patch requests too (they may then be applied twice)"))
                .field(ConfigField.of("failonstatus", FieldType.BOOLEAN).defaultValue(true)
                        .describe("A status of 400 or more fails the step; when false the response is published "
                                + "and the flow goes on"))
                .field(ConfigField.of("maxresponsebytes", FieldType.INTEGER)
                        .defaultValue(CurlRequest.DEFAULT_MAX_RESPONSE_BYTES).minimum(1)
                        .describe("The largest body kept in memory; use destination for larger ones"));
        if (flow) {
            b.field(ConfigField.of("concurrency", FieldType.INTEGER).defaultValue(1L).minimum(1)
                    .describe("How many requests may be in flight at once; records still leave in input order"));
        }
        return b.build();
    }

    private final StepKind kind;

    CurlStep(StepKind kind) {
        this.kind = kind;
    }

    @Override
    public final StepKind kind() {
        return kind;
    }

    @Override
    public String id() {
        return kind == StepKind.CONNECTOR ? "connector_curl" : "flow_curl";
    }

    @Override
    public String displayName() {
        return kind == StepKind.CONNECTOR ? "Curl connector" : "Curl";
    }

    @Override
    public String description() {
        return "Sends an HTTP request" + (kind == StepKind.CONNECTOR ? "" : " for each record, several at once if "
                + "asked, records kept in order") + ", with retries and timeouts; publishes the response. Dry runs "
                + "send only reads (GET, HEAD).";
    }

    @Override
    public ConfigSchema configSchema() {
        return kind == StepKind.CONNECTOR ? CONNECTOR_CONFIG : FLOW_CONFIG;
    }

    @Override
    public LinkLimits links() {
        // tool_dataflows: flow_curl has exactly one output flow, so it cannot end a stream.
        return LinkLimits.defaults(kind);
    }

    @Override
    public Map<String, String> outputs() {
        return OUTPUTS;
    }

    /** The flow form passes each record on unchanged. */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return input;
    }

    /**
     * tool_dataflows' rule: a request has side effects unless it is a GET or HEAD without {@code sideeffects} and
     * saves its body nowhere or under a relative path. A step with no config at all says nothing about what it
     * would send, so it is assumed to have side effects.
     */
    @Override
    public boolean hasSideEffects(Map<String, Object> config) {
        if (config.isEmpty()) {
            return true;
        }
        Object method = config.getOrDefault("method", "get");
        String m = method == null ? "get" : String.valueOf(method).strip().toLowerCase(Locale.ROOT);
        if (!(m.equals("get") || m.equals("head"))) {
            return true;
        }
        if (Values.truthy(config.get("sideeffects"))) {
            return true;
        }
        Object destination = config.get("destination");
        String d = destination == null ? "" : String.valueOf(destination);
        return !d.isEmpty() && (d.startsWith("/") || d.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*"));
    }

    @Override
    public void validate(StepValidation validation) {
        Map<String, Object> config = validation.config();
        Object url = config.get("curl");
        if (url instanceof String && !((String) url).isBlank() && validation.isStatic("curl")) {
            String problem = CurlRequest.urlProblem((String) url);
            if (problem != null) {
                validation.problem("curl", problem);
            }
        }
        Object method = config.getOrDefault("method", "get");
        Object body = config.get("rawpostdata");
        if (("post".equals(method) || "put".equals(method)) && (body == null || "".equals(body))) {
            validation.problem("rawpostdata", "Config 'Raw post data' is missing.");
        }
        Object headers = config.get("headers");
        if (headers instanceof String && validation.isStatic("headers")) {
            try {
                HeaderLines.parse((String) headers);
            } catch (IllegalArgumentException e) {
                validation.problem("headers", "Supplied HTTP headers are not valid: " + e.getMessage() + ".");
            }
        }
        Number base = staticNumber(config.get("retrydelay"));
        Number cap = staticNumber(config.get("retrymaxdelay"));
        if (base != null && cap != null && base.doubleValue() > cap.doubleValue()) {
            validation.problem("retrydelay", "Config 'retrydelay' (" + base + " s) must not be more than "
                    + "'retrymaxdelay' (" + cap + " s).");
        }
        for (String field : new String[] {"timeout", "retrydelay", "retrymaxdelay"}) {
            Number n = staticNumber(config.get(field));
            if (n != null && n.doubleValue() < 0) {
                validation.problem(field, "Config '" + field + "' must not be negative (had " + n + ").");
            }
        }
    }

    private static Number staticNumber(Object value) {
        if (value instanceof Number) {
            return (Number) value;
        }
        return value instanceof String ? Values.parseNumber(((String) value).strip()) : null;
    }

    @Override
    public Outcome run(StepContext ctx) throws Exception {
        HttpTransfer transfer = new HttpTransfer();
        CompletableFuture<TaskResult> call = start(ctx, transfer, DataRecord.empty());
        TaskResult result;
        try (CancelRegistration ignored = ctx.onCancel(() -> call.cancel(true))) {
            result = call.get();
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            call.cancel(true);
            throw e;
        }
        result.outputs().forEach(ctx::output);
        return Outcome.CONTINUE;
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        HttpTransfer transfer = new HttpTransfer();
        int concurrency = (int) Math.min(1024, ctx.config().integer("concurrency"));
        RecordProcessor requests = ctx.concurrentProcessor(concurrency, record -> start(ctx, transfer, record));
        return new RecordProcessor() {
            @Override
            public void process(DataRecord record, Emitter out) throws Exception {
                requests.process(record, out);
            }

            @Override
            public void finish(Emitter out) throws Exception {
                requests.finish(out);
            }

            @Override
            public void close() throws Exception {
                requests.close();
            }
        };
    }

    /** Starts the request the config describes for the current record; on the run's thread. */
    private static CompletableFuture<TaskResult> start(StepContext ctx, HttpTransfer transfer, DataRecord record)
            throws Exception {
        CurlRequest request = CurlRequest.of(ctx);
        String command = ctx.redact(request.curlCommand());
        log.info("{}", ctx.redact(request.url));
        log.debug("{}", command);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("dbgcommand", command);
        AtomicOutput output = null;
        boolean send = true;
        if (request.destination != null) {
            output = ctx.effects().atomicOutput(request.destination, false);
            send = !output.isDiscarding(); // a dry run saves nothing outside its scratch directory
        }
        if (send && request.sideEffects) {
            send = ctx.effects().perform(Effect.Kind.REQUEST, ctx.redact(request.url),
                    request.method + " " + ctx.redact(request.url), () -> { });
        } else if (!send) {
            ctx.effects().perform(Effect.Kind.REQUEST, ctx.redact(request.url),
                    request.method + " " + ctx.redact(request.url), () -> { });
        }
        if (!send) {
            if (output != null) {
                output.close();
            }
            outputs.put("response", null);
            return CompletableFuture.completedFuture(TaskResult.of(record, outputs));
        }
        CompletableFuture<CurlResponse> sent = transfer.send(request, output);
        return HttpTransfer.cancelling(sent, sent.thenApply(response -> {
            outputs.put("response", response.variables(request.destination));
            return TaskResult.of(record, outputs);
        }));
    }

    private static Exception rethrow(Throwable cause) {
        Throwable t = cause;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return (CancellationException) t;
        }
        return t instanceof Exception ? (Exception) t : new CompletionException(t);
    }

    /** {@code connector_curl}. */
    public static final class Connector extends CurlStep {
        /** For {@link java.util.ServiceLoader}. */
        public Connector() {
            super(StepKind.CONNECTOR);
        }
    }

    /** {@code flow_curl}. */
    public static final class Flow extends CurlStep {
        /** For {@link java.util.ServiceLoader}. */
        public Flow() {
            super(StepKind.FLOW);
        }
    }
}
