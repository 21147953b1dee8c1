package io.dataflows.aws.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * An HTTP client for the AWS SDK whose requests in flight a cancelled run can abort. The SDK's synchronous clients
 * wait for an answer in a socket read that neither an interrupt nor the SDK's API can end, for up to the read
 * timeout; {@link #abortAll()} aborts every request from its start until its response body is closed (the JDK's
 * {@code HttpURLConnection} closes its socket), so the waiting call fails at once. Requests that start after
 * {@code abortAll()} are sent as usual: a step still cleans up after a cancellation (an aborted multipart upload).
 */
final class AbortableHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;
    private final Set<ExecutableHttpRequest> inFlight = ConcurrentHashMap.newKeySet();

    AbortableHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new Tracked(delegate.prepareRequest(request));
    }

    /** Aborts the requests in flight; called from the cancelling thread. */
    void abortAll() {
        for (ExecutableHttpRequest request : inFlight) {
            request.abort();
        }
    }

    /** How many requests are in flight (started and their response body not closed). */
    int inFlight() {
        return inFlight.size();
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** A request that is in {@link #inFlight} from its start until its response body is closed. */
    private final class Tracked implements ExecutableHttpRequest {
        private final ExecutableHttpRequest request;

        Tracked(ExecutableHttpRequest request) {
            this.request = request;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            inFlight.add(this);
            HttpExecuteResponse response;
            try {
                response = request.call();
            } catch (IOException | RuntimeException | Error e) {
                inFlight.remove(this);
                throw e;
            }
            Optional<AbortableInputStream> body = response.responseBody();
            if (body.isEmpty()) {
                inFlight.remove(this);
                return response;
            }
            AbortableInputStream in = body.get();
            return HttpExecuteResponse.builder()
                    .response(response.httpResponse())
                    .responseBody(AbortableInputStream.create(new FilterInputStream(in) {
                        @Override
                        public void close() throws IOException {
                            inFlight.remove(Tracked.this);
                            super.close();
                        }
                    }, in))
                    .build();
        }

        @Override
        public void abort() {
            request.abort();
        }
    }
}
