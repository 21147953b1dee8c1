/**
 * HTTP step types for Dataflows: {@code connector_curl} (one request) and {@code flow_curl} (one request per
 * record, several in flight at once), with retries, timeouts and responses saved to files. The types are provided
 * to {@code io.dataflows.core} as services; nothing is exported.
 */
module io.dataflows.http {
    requires io.dataflows.core;
    requires java.net.http;
    requires dev.failsafe.core;
    requires com.fasterxml.jackson.core;
    requires org.slf4j;
    requires static org.jspecify;

    // The same list as META-INF/services/io.dataflows.spi.StepType, which the class path reads
    // (HttpStepConventionsTest keeps the two equal).
    provides io.dataflows.spi.StepType with
            io.dataflows.http.internal.CurlStep.Connector,
            io.dataflows.http.internal.CurlStep.Flow;
}
