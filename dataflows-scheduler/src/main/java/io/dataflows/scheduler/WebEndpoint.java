package io.dataflows.scheduler;

import java.util.List;
import java.util.Map;

/**
 * Answers one HTTP request, in JDK types only, so that any web stack (a servlet, Spring, the JDK's own server with
 * {@link WebhookHttpServer}) can mount it. Implementations are thread-safe.
 */
@FunctionalInterface
public interface WebEndpoint {

    /**
     * Answers a request.
     *
     * @param method the HTTP method, upper case ({@code POST})
     * @param path the request path as sent, percent-escapes undecoded ({@code /hooks/nightly%20import})
     * @param query the query string as sent, without {@code ?}; empty when there is none
     * @param headers the request headers, names in any case
     * @param body the request body (what the server read of it)
     * @param remoteAddress the caller's address ({@code 127.0.0.1})
     * @return the answer; never null
     */
    WebResponse handle(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
            String remoteAddress);
}
