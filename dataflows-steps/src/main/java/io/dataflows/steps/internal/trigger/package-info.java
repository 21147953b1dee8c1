/**
 * The trigger step types: {@code trigger_cron} (a crontab schedule), {@code trigger_event} (published events, read
 * as records) and {@code trigger_webservice} (a webhook). They say what starts their dataflow through the
 * {@code TriggerStep} SPI; the scheduler reads it with {@code DataflowEngine.trigger}. Not API.
 */
package io.dataflows.steps.internal.trigger;
