/**
 * The scheduler of Dataflows: {@link io.dataflows.scheduler.DataflowScheduler} starts runs by their trigger steps
 * (cron schedules on Quartz, published events, webhooks), {@link io.dataflows.scheduler.WebhookHandler} answers
 * webhook and event calls for any web stack, {@link io.dataflows.scheduler.WebhookHttpServer} serves it with the
 * JDK's HTTP server. Its implementation ({@code io.dataflows.scheduler.internal}) is not exported.
 */
// Quartz has no module descriptor, only the stable Automatic-Module-Name org.quartz in its manifest.
@SuppressWarnings("requires-automatic")
module io.dataflows.scheduler {
    exports io.dataflows.scheduler;

    // Quartz creates the job that fires a dataflow by reflection.
    opens io.dataflows.scheduler.internal to org.quartz;

    requires transitive io.dataflows.core;
    requires static transitive org.jspecify;

    requires com.fasterxml.jackson.core;
    requires java.management;
    requires jdk.httpserver;
    requires org.quartz;
    requires org.slf4j;
}
