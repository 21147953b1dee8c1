/**
 * The HTTP step types {@code connector_curl} and {@code flow_curl}: the config ({@link
 * io.dataflows.http.internal.CurlStep}), one request as the config describes it ({@link
 * io.dataflows.http.internal.CurlRequest}), its sending with retries and timeouts ({@link
 * io.dataflows.http.internal.HttpTransfer}) and what a response publishes ({@link
 * io.dataflows.http.internal.CurlResponse}).
 *
 * <p><b>Not API.</b> These classes may change without notice; use the type ids. They use only the public API and
 * SPI of {@code dataflows-core}.
 */
package io.dataflows.http.internal;
