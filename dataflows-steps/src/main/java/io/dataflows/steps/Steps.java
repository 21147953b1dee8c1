package io.dataflows.steps;

import io.dataflows.DataRecord;
import io.dataflows.StepSpec;
import io.dataflows.TriggerSpec;
import io.dataflows.steps.internal.code.FilterStep;
import io.dataflows.steps.internal.code.MapStep;
import io.dataflows.steps.internal.code.SinkStep;
import io.dataflows.steps.internal.code.SourceStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Typed definitions of the built-in step types, for {@link io.dataflows.Dataflow.Builder#step}:
 *
 * <pre>{@code
 * Dataflow flow = Dataflow.builder("users-by-region")
 *     .step("read", Steps.csvReader("users.csv"))
 *     .step("adults", Steps.filter("record.age >= 18")).dependsOn("read")
 *     .step("by_region", Steps.switchOn().when("nz", "record.country == 'NZ'").when("other", "true"))
 *         .dependsOn("adults")
 *     .step("write_nz", Steps.streamWriter("nz.json", "json")).dependsOn("by_region:nz")
 *     .step("write_other", Steps.streamWriter("other.csv", "csv")).dependsOn("by_region:other")
 *     .build();
 * }</pre>
 *
 * <p>Steps that exist both as a connector (run once) and as a flow step (run per record) have one factory per form,
 * named after the type id: {@link #connectorLog} ({@code connector_log}) and {@link #flowLog} ({@code flow_log}).
 * Every definition is immutable; the field names and semantics are those of tool_dataflows, documented on each
 * method. {@link #of} gives a {@link StepSpec} for any registered type, built-in or not.
 *
 * <p>For flows built in code, {@link #map}, {@link #filter(Predicate)}, {@link #source}, {@link #streamSource},
 * {@link #sink} and {@link #collector} are steps made of lambdas, with no step type to write or register:
 *
 * <pre>{@code
 * RecordCollector out = Steps.collector();
 * Dataflow flow = Dataflow.builder("in-code")
 *     .start("people", Steps.source(List.of(Map.of("name", "Aroha", "age", 34), Map.of("name", "Ben", "age", 17))))
 *     .then("adults", Steps.filter(r -> r.getLong("age") >= 18))
 *     .then("shout", Steps.map(r -> r.with("name", r.getString("name").toUpperCase())))
 *     .then("keep", out)
 *     .build();
 * engine.run(flow).orThrow();
 * out.records();   // [{"name":"AROHA","age":34}]
 * }</pre>
 */
public final class Steps {

    private Steps() {}

    /** Any step type by id: {@code Steps.of("acme_upper").with("field", "name")}. */
    public static StepSpec of(String type) {
        return StepSpec.of(type);
    }

    // ---- readers -----------------------------------------------------------------------------------------------

    /** {@code reader_csv}: one record per row of a CSV file, keyed by its header line; values are text. */
    public static CsvReaderSpec csvReader(String path) {
        return new CsvReaderSpec(StepSpec.of("reader_csv").with("path", requireText(path, "path")));
    }

    /** {@code reader_json}: one record per element of an array in a JSON file. */
    public static JsonReaderSpec jsonReader(String path) {
        return new JsonReaderSpec(StepSpec.of("reader_json").with("pathtojson", requireText(path, "path")));
    }

    /** {@code reader_array}: one record per map of {@code records}, in order. */
    public static StepSpec arrayReader(List<? extends Map<String, ?>> records) {
        List<Object> copy = new ArrayList<>();
        for (Map<String, ?> r : Objects.requireNonNull(records, "records")) {
            copy.add(Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(r, "record"))));
        }
        return StepSpec.of("reader_array").with("source", Collections.unmodifiableList(copy));
    }

    // ---- writers -----------------------------------------------------------------------------------------------

    /**
     * {@code writer_stream}: writes the stream to {@code path} (relative paths resolve against the run's base
     * directory) as {@code json}, {@code jsonl} or {@code csv}, atomically.
     */
    public static StreamWriterSpec streamWriter(String path, String format) {
        return new StreamWriterSpec(StepSpec.of("writer_stream").with("streamname", requireText(path, "path"))
                .with("format", requireText(format, "format")));
    }

    /** {@code writer_debugging}: prints each record as a line of JSON to the run's output. */
    public static StepSpec debugWriter() {
        return StepSpec.of("writer_debugging");
    }

    // ---- transformers ------------------------------------------------------------------------------------------

    /** {@code flow_transformer_filter}: passes on the records for which {@code expression} is true. */
    public static StepSpec filter(String expression) {
        return StepSpec.of("flow_transformer_filter").with("filter", requireText(expression, "expression"));
    }

    /** {@code flow_transformer_alter}: sets record fields; add them with {@link AlterSpec#set}. */
    public static AlterSpec alter() {
        return new AlterSpec(StepSpec.of("flow_transformer_alter"));
    }

    /**
     * {@code flow_transformer_regex}: matches {@code pattern} (Java, or PHP {@code /…/flags}) against
     * {@code subject} (a template such as {@code ${{ record.text }}}); named groups become record fields, otherwise
     * the field named after the step's alias gets the match.
     */
    public static StepSpec regex(String pattern, String subject) {
        return StepSpec.of("flow_transformer_regex").with("pattern", requireText(pattern, "pattern"))
                .with("field", requireText(subject, "subject"));
    }

    // ---- flow logic --------------------------------------------------------------------------------------------

    /** {@code flow_logic_switch}: routes each record to the first case whose condition holds. */
    public static SwitchSpec switchOn() {
        return new SwitchSpec(StepSpec.of("flow_logic_switch"));
    }

    /** {@code flow_logic_case}: routes each record to the case whose value equals {@code expression}'s value. */
    public static CaseSpec caseOf(String expression) {
        return new CaseSpec(StepSpec.of("flow_logic_case").with("expression", requireText(expression, "expression")));
    }

    /** {@code flow_logic_join}: merges 2 to 20 streams into one. */
    public static StepSpec join() {
        return StepSpec.of("flow_logic_join");
    }

    /** {@code flow_tee}: sends every record to each dependant, in their definition order. */
    public static StepSpec tee() {
        return StepSpec.of("flow_tee");
    }

    // ---- control -----------------------------------------------------------------------------------------------

    /** {@code flow_abort}: aborts the run (on the first record, or when {@link AbortSpec#when} holds). */
    public static AbortSpec flowAbort() {
        return new AbortSpec(StepSpec.of("flow_abort"));
    }

    /** {@code connector_abort}: aborts the run (always, or when {@link AbortSpec#when} holds). */
    public static AbortSpec connectorAbort() {
        return new AbortSpec(StepSpec.of("connector_abort"));
    }

    /** {@code connector_abort_if}: aborts the run when {@code condition} holds. */
    public static StepSpec connectorAbortIf(String condition) {
        return StepSpec.of("connector_abort_if").with("condition", requireText(condition, "condition"));
    }

    /** {@code flow_noop}: passes every record on. */
    public static StepSpec flowNoop() {
        return StepSpec.of("flow_noop");
    }

    /** {@code connector_noop}: does nothing. */
    public static StepSpec connectorNoop() {
        return StepSpec.of("connector_noop");
    }

    /** {@code connector_debugging}: logs the variables it sees at DEBUG. */
    public static StepSpec connectorDebugging() {
        return StepSpec.of("connector_debugging");
    }

    /**
     * {@code flow_log}: logs {@code message} (a template) per record at {@code level}, a Monolog level number
     * ({@code 200}) or name ({@code "info"}).
     */
    public static StepSpec flowLog(Object level, String message) {
        return StepSpec.of("flow_log").with("level", Objects.requireNonNull(level, "level"))
                .with("message", Objects.requireNonNull(message, "message"));
    }

    /** {@code connector_log}: logs {@code message} (a template) once at {@code level} (as {@link #flowLog}). */
    public static StepSpec connectorLog(Object level, String message) {
        return StepSpec.of("connector_log").with("level", Objects.requireNonNull(level, "level"))
                .with("message", Objects.requireNonNull(message, "message"));
    }

    /** {@code connector_wait}: waits {@code seconds} (a whole number, or a template yielding one). */
    public static StepSpec connectorWait(Object seconds) {
        return StepSpec.of("connector_wait").with("timesec", Objects.requireNonNull(seconds, "seconds"));
    }

    // ---- variables ---------------------------------------------------------------------------------------------

    /**
     * {@code flow_set_variable}: sets the variable at {@code field} ({@code dataflow.vars.last_id}) to {@code value}
     * (a template) per record; {@code dataflow.vars} values persist across runs.
     */
    public static StepSpec flowSetVariable(String field, Object value) {
        return StepSpec.of("flow_set_variable").with("field", requireText(field, "field"))
                .with("value", Objects.requireNonNull(value, "value"));
    }

    /** {@code connector_set_variable}: sets a variable once (as {@link #flowSetVariable}). */
    public static StepSpec connectorSetVariable(String field, Object value) {
        return StepSpec.of("connector_set_variable").with("field", requireText(field, "field"))
                .with("value", Objects.requireNonNull(value, "value"));
    }

    /** {@code flow_set_multiple_variables}: merges values into the map at {@code field} per record (not persisted). */
    public static SetMultipleVariablesSpec flowSetMultipleVariables(String field) {
        return new SetMultipleVariablesSpec(StepSpec.of("flow_set_multiple_variables")
                .with("field", requireText(field, "field")));
    }

    /** {@code connector_set_multiple_variables}: merges values into the map at {@code field} (not persisted). */
    public static SetMultipleVariablesSpec connectorSetMultipleVariables(String field) {
        return new SetMultipleVariablesSpec(StepSpec.of("connector_set_multiple_variables")
                .with("field", requireText(field, "field")));
    }

    /**
     * {@code connector_find}: publishes as {@code steps.<alias>.match} the first item of {@code collection} (an
     * expression yielding a list) for which {@code condition} (using {@code item} or {@code record}) holds.
     */
    public static StepSpec connectorFind(String collection, String condition) {
        return StepSpec.of("connector_find").with("collection", requireText(collection, "collection"))
                .with("condition", requireText(condition, "condition"));
    }

    private static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    // ---- files -------------------------------------------------------------------------------------------------

    /** {@code connector_copy_file}: copies a file, or the files a glob matches, to a file or a directory. */
    public static StepSpec connectorCopyFile(String from, String to) {
        return StepSpec.of("connector_copy_file").with("from", requireText(from, "from"))
                .with("to", requireText(to, "to"));
    }

    /** {@code flow_copy_file}: {@link #connectorCopyFile} per record (paths may use {@code record}). */
    public static StepSpec flowCopyFile(String from, String to) {
        return StepSpec.of("flow_copy_file").with("from", requireText(from, "from")).with("to", requireText(to, "to"));
    }

    /** {@code connector_append_file}: appends {@code from} to {@code to}, without its first line if asked. */
    public static StepSpec connectorAppendFile(String from, String to, boolean chopFirstLine) {
        return StepSpec.of("connector_append_file").with("from", requireText(from, "from"))
                .with("to", requireText(to, "to")).with("chopfirstline", chopFirstLine);
    }

    /** {@code flow_append_file}: {@link #connectorAppendFile} per record. */
    public static StepSpec flowAppendFile(String from, String to, boolean chopFirstLine) {
        return StepSpec.of("flow_append_file").with("from", requireText(from, "from"))
                .with("to", requireText(to, "to")).with("chopfirstline", chopFirstLine);
    }

    /** {@code connector_remove_file}: deletes a file; a missing file is not an error. */
    public static StepSpec connectorRemoveFile(String file) {
        return StepSpec.of("connector_remove_file").with("file", requireText(file, "file"));
    }

    /** {@code flow_remove_file}: {@link #connectorRemoveFile} per record. */
    public static StepSpec flowRemoveFile(String file) {
        return StepSpec.of("flow_remove_file").with("file", requireText(file, "file"));
    }

    /** {@code connector_file_put_content}: writes {@code content} (a template) to {@code path}. */
    public static StepSpec connectorFilePutContent(String path, String content) {
        return StepSpec.of("connector_file_put_content").with("path", requireText(path, "path"))
                .with("content", Objects.requireNonNull(content, "content"));
    }

    /** {@code flow_file_put_content}: {@link #connectorFilePutContent} per record. */
    public static StepSpec flowFilePutContent(String path, String content) {
        return StepSpec.of("flow_file_put_content").with("path", requireText(path, "path"))
                .with("content", Objects.requireNonNull(content, "content"));
    }

    /**
     * {@code connector_hash_file}: publishes the file's hash as {@code hash}, with {@code algorithm} a name of PHP's
     * {@code hash_algos()} ({@code md5}, {@code sha256}, {@code xxh3}, {@code tiger192,3}, ...) or a JDK digest name.
     */
    public static StepSpec connectorHashFile(String path, String algorithm) {
        return StepSpec.of("connector_hash_file").with("path", requireText(path, "path"))
                .with("algorithm", requireText(algorithm, "algorithm"));
    }

    /** {@code flow_hash_file}: {@link #connectorHashFile} per record. */
    public static StepSpec flowHashFile(String path, String algorithm) {
        return StepSpec.of("flow_hash_file").with("path", requireText(path, "path"))
                .with("algorithm", requireText(algorithm, "algorithm"));
    }

    /** {@code connector_compression} with gzip: {@code command} is {@code compress} or {@code decompress}. */
    public static StepSpec connectorGzip(String command, String from, String to) {
        return StepSpec.of("connector_compression").with("command", requireText(command, "command"))
                .with("method", "gzip").with("from", requireText(from, "from")).with("to", requireText(to, "to"));
    }

    /** {@code reader_directory_file_list}: one record {@code {filename}} per entry of {@code directory}. */
    public static StepSpec directoryFileListReader(String directory, String pattern) {
        return StepSpec.of("reader_directory_file_list").with("directory", requireText(directory, "directory"))
                .with("pattern", requireText(pattern, "pattern"));
    }

    // ---- host functions ----------------------------------------------------------------------------------------

    /**
     * {@code flow_web_service}: for each record, calls the host function {@code function} (registered with
     * {@code DataflowEngine.Builder.hostFunction} or {@code readOnlyHostFunction}) with {@code parameters}, whose
     * text values are templates, and publishes what it returns as {@code steps.<alias>.result}. Add
     * {@code .with("failure", "skiprecord")} to drop a record whose call fails instead of failing the step.
     */
    public static StepSpec webService(String function, Map<String, ?> parameters) {
        return StepSpec.of("flow_web_service").with("webservice", requireText(function, "function"))
                .with("parameters", new LinkedHashMap<>(Objects.requireNonNull(parameters, "parameters")));
    }

    /**
     * {@code connector_update_user}: calls the host function {@code update_user} once with {@code {userid, fields}}
     * ({@code fields}' text values are templates; {@code password} and {@code auth} are never passed).
     */
    public static StepSpec connectorUpdateUser(Object userId, Map<String, ?> fields) {
        return StepSpec.of("connector_update_user").with("userid", Objects.requireNonNull(userId, "userId"))
                .with("fields", new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    /** {@code flow_update_user}: {@link #connectorUpdateUser} per record (the user id and fields may use it). */
    public static StepSpec flowUpdateUser(Object userId, Map<String, ?> fields) {
        return StepSpec.of("flow_update_user").with("userid", Objects.requireNonNull(userId, "userId"))
                .with("fields", new LinkedHashMap<>(Objects.requireNonNull(fields, "fields")));
    }

    // ---- triggers ----------------------------------------------------------------------------------------------

    /**
     * {@code trigger_cron}: the scheduler starts the dataflow at the times of a five-field crontab {@code schedule}
     * ({@code "*}{@code /5 * * * *"}, {@code "30 2 * * 1-5"}), read in the engine clock's zone unless
     * {@link CronTriggerSpec#timezone} says another.
     */
    public static CronTriggerSpec cronTrigger(String schedule) {
        return new CronTriggerSpec(StepSpec.of("trigger_cron").with("schedule", requireText(schedule, "schedule")));
    }

    /**
     * {@code trigger_event}: the scheduler starts the dataflow when an event named {@code eventName} is published;
     * a run takes every queued event (policy {@code adhocqueued}) and emits a record per event.
     */
    public static StepSpec eventTrigger(String eventName) {
        return StepSpec.of("trigger_event").with("eventname", requireText(eventName, "eventName"));
    }

    /** {@code trigger_event} with an execution policy: {@code IMMEDIATELY} and {@code ADHOC} run once per event. */
    public static StepSpec eventTrigger(String eventName, TriggerSpec.ExecutionPolicy policy) {
        return eventTrigger(eventName).with("executionpolicy", Objects.requireNonNull(policy, "policy").label());
    }

    /** {@code trigger_webservice}: callers start the dataflow with an HTTP request, without a token. */
    public static StepSpec webhookTrigger() {
        return StepSpec.of("trigger_webservice");
    }

    /**
     * {@code trigger_webservice} whose callers must present {@code token} as {@code Authorization: Bearer <token>}:
     * best {@code "${{ secrets.NAME }}"}, so that the token is not in the definition.
     */
    public static StepSpec webhookTrigger(String token) {
        return webhookTrigger().with("token", requireText(token, "token"));
    }

    // ---- steps given in code ---------------------------------------------------------------------------------

    // These steps carry the caller's function: no class, no services file, no registration. A dataflow with them
    // validates, runs and draws like any other, but cannot be exported (Definitions.toYaml and toJson fail naming
    // them). The functions are called on the run's thread, one record at a time; a dataflow run on several threads
    // at once calls them concurrently. What a function throws fails the step and aborts the run.

    /**
     * {@code java_map}: passes on what {@code function} makes of each record (it must not return null; drop
     * records with {@link #filter(Predicate)}).
     *
     * <pre>{@code
     * .then("shout", Steps.map(r -> r.with("name", r.getString("name").toUpperCase())))
     * }</pre>
     */
    public static StepSpec map(Function<? super DataRecord, ? extends DataRecord> function) {
        return StepSpec.of(new MapStep(function));
    }

    /** {@code java_filter}: passes on the records {@code predicate} accepts; drops the others. */
    public static StepSpec filter(Predicate<? super DataRecord> predicate) {
        return StepSpec.of(new FilterStep(predicate));
    }

    /**
     * {@code java_source}: a reader emitting one record per element of {@code items} — {@link DataRecord}s or maps
     * with text keys — in order, in every run. An element of another type fails the step, naming its position.
     */
    public static StepSpec source(Iterable<?> items) {
        return StepSpec.of(SourceStep.of(items));
    }

    /**
     * {@code java_source}: a reader emitting one record per element of a stream {@code streams} supplies anew for
     * every run, closed when the step ends: {@code Steps.streamSource(() -> Files.lines(path).map(...))}.
     */
    public static StepSpec streamSource(Supplier<? extends Stream<?>> streams) {
        return StepSpec.of(SourceStep.ofStreams(streams));
    }

    /**
     * {@code java_sink}: ends a stream, handing each record to {@code consumer}. A dry run does not call the
     * consumer (what it does is unknown to the engine); it reports one effect, {@code would pass the records to a
     * Java consumer}, when records arrive.
     */
    public static StepSpec sink(Consumer<? super DataRecord> consumer) {
        return StepSpec.of(new SinkStep(consumer, false));
    }

    /**
     * A sink keeping the records it receives, for the caller to read after the run with
     * {@link RecordCollector#records()}; dry runs collect too.
     */
    public static RecordCollector collector() {
        return new RecordCollector();
    }
}
