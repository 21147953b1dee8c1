package io.dataflows;

/**
 * A function of the application that embeds the engine, which flows call by name: {@code flow_web_service} calls
 * any registered function, {@code connector_update_user} and {@code flow_update_user} call the one named
 * {@code update_user}. Register functions with {@link DataflowEngine.Builder#hostFunction} (functions that change
 * something, skipped in dry runs) or {@link DataflowEngine.Builder#readOnlyHostFunction} (functions that only read,
 * which dry runs call too).
 *
 * <pre>{@code
 * DataflowEngine engine = DataflowEngine.builder()
 *         .readOnlyHostFunction("find_user", call -> users.find((String) call.parameters().get("email")))
 *         .hostFunction("update_user", call -> users.update(call.parameters()))
 *         .build();
 * }</pre>
 *
 * <p>A function may be called from several runs at once, so it must be thread-safe. An exception it throws fails
 * the calling step (or, where the step is configured so, skips the record), with the function's name and message.
 */
@FunctionalInterface
public interface HostFunction {

    /**
     * Runs the function.
     *
     * @param call the parameters, the user the flow asks to act as, and which run and step call
     * @return the result, published as the step's {@code result} variable: null, a boolean, number or string, or
     *     lists and maps of those
     */
    Object call(HostCall call) throws Exception;
}
