/**
 * The scheduler: starts runs of dataflows by their trigger steps — a cron schedule, published events, a webhook.
 *
 * <p>{@link io.dataflows.scheduler.DataflowScheduler} is the entry point: build it from a
 * {@link io.dataflows.DataflowEngine}, register dataflows, {@code start()} it, publish events, and close it.
 * {@link io.dataflows.scheduler.WebhookHandler} answers webhook and event calls in any web stack, and
 * {@link io.dataflows.scheduler.WebhookHttpServer} serves it over the JDK's HTTP server. Everything under
 * {@code io.dataflows.scheduler.internal} may change without notice. Semantics: {@code docs/scheduler.md}.
 */
package io.dataflows.scheduler;
