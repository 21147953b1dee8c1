/**
 * The step types that call functions of the application embedding the engine ({@link io.dataflows.HostFunction}):
 * {@code flow_web_service}, {@code connector_update_user} and {@code flow_update_user}. Not API.
 */
package io.dataflows.steps.internal.host;
