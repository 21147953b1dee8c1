package io.dataflows.spi;

import io.dataflows.DataRecord;
import java.util.concurrent.CompletionStage;

/**
 * The work a flow step does for one record when that work completes later, off the run's thread: an HTTP request,
 * a call to a remote service. {@link StepContext#concurrentProcessor} turns it into a {@link RecordProcessor} that
 * keeps several records in flight and passes them on in their input order.
 *
 * <pre>{@code
 * public RecordProcessor open(StepContext ctx) {
 *     HttpClient client = HttpClient.newHttpClient();
 *     return ctx.concurrentProcessor(8, record -> {
 *         HttpRequest request = HttpRequest.newBuilder(URI.create(ctx.config().string("url"))).build();
 *         return client.sendAsync(request, BodyHandlers.ofString())
 *                 .thenApply(r -> TaskResult.of(record, Map.of("status", r.statusCode())));
 *     });
 * }
 * }</pre>
 */
@FunctionalInterface
public interface AsyncRecordTask {

    /**
     * Starts the work for {@code record} and returns without waiting for it.
     *
     * <p>Called on the thread that runs the step (see {@link RecordProcessor}) with the step's context positioned on
     * {@code record}, so read the config (whose templates may use the record) here, not in the completion. The
     * returned stage may complete on any thread; complete it exceptionally to fail the step on this record. The engine cancels it (through
     * {@link java.util.concurrent.CompletableFuture#cancel}) when the run stops before it completes.
     */
    CompletionStage<TaskResult> start(DataRecord record) throws Exception;
}
