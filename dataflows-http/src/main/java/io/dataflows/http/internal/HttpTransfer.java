package io.dataflows.http.internal;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.dataflows.DataflowException;
import io.dataflows.spi.AtomicOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Sends curl steps' requests for one step run: the JDK's asynchronous HTTP client (certificates always verified,
 * redirects followed for GET and HEAD only), and around it Failsafe's retry policy and per-attempt timeout.
 *
 * <p>Retries, when {@code retries} allows them and the method is idempotent (or {@code retrynonidempotent} is
 * set), follow connection errors, timeouts, 429 and 5xx responses — never other 4xx. The wait before retry
 * {@code n} is drawn at random between 0 and {@code min(retrymaxdelay, retrydelay * 2^(n-1))} ("full jitter",
 * so that many clients failing together do not retry together), except that a {@code Retry-After} header is
 * obeyed; a server asking to wait longer than {@code retrymaxdelay} is not retried.
 */
final class HttpTransfer {

    private final HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private final HttpClient direct = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** The outcome of one request: the response, or the failure that ends it. */
    static final class Failed extends DataflowException {
        private static final long serialVersionUID = 1L;

        Failed(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Sends {@code request} (retrying as configured) and completes with its response: with any status when
     * {@code failonstatus} is false, else only below 400. A body for {@code destination} goes to {@code output},
     * which is committed when the response is final and discarded otherwise.
     */
    CompletableFuture<CurlResponse> send(CurlRequest request, @Nullable AtomicOutput output) {
        AtomicInteger attempts = new AtomicInteger();
        AtomicBoolean wroteFile = new AtomicBoolean();
        // The per-attempt timeout is the attempt's own (orTimeout on a copy, the exchange cancelled when it fires),
        // not Failsafe's Timeout policy: composed with a retry policy on an asynchronous stage, that one was seen
        // to leave the retry unstarted and the request incomplete.
        FailsafeExecutor<CurlResponse> executor = request.mayRetry()
                ? Failsafe.with(retryPolicy(request, wroteFile))
                : Failsafe.<CurlResponse>none();
        CompletableFuture<CurlResponse> result = executor.getStageAsync(ctx -> {
            attempts.incrementAndGet();
            CompletableFuture<CurlResponse> attempt = within(attempt(request, output, wroteFile, attempts.get()),
                    request.timeout.toMillis());
            ctx.onCancel(() -> attempt.cancel(true));
            return attempt;
        });
        // A safety net under the retry policy: the request ends within every attempt's timeout and the longest
        // waits between them (five seconds' slack added), so a run never waits for it forever.
        CompletableFuture<CurlResponse> checked = cancelling(result, within(result, longestWaitMillis(request))
                .handle((response, failure) -> {
            if (failure != null) {
                throw new CompletionException(explain(request, unwrap(failure), attempts.get()));
            }
            if (response.status >= 400 && request.failOnStatus) {
                throw new CompletionException(new Failed("HTTP " + response.status + ": " + response.start(200),
                        null));
            }
            return response;
        }));
        if (output == null) {
            return checked;
        }
        return cancelling(checked, checked.whenComplete((response, failure) -> {
            try (AtomicOutput out = output) {
                if (failure == null) {
                    if (!response.body.isInFile()) {
                        // an error status kept in memory, published because failonstatus is false
                        byte[] bytes = response.body.bytes();
                        out.stream().write(bytes == null ? new byte[0] : bytes);
                    }
                    out.commit();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not save the response to " + output.target(), e);
            }
        }));
    }

    /**
     * Returns {@code dependent}, a stage derived from {@code source}, after arranging that cancelling it cancels
     * {@code source} too. A {@link CompletableFuture} does not pass a cancellation back to the stage it was derived
     * from; without this, cancelling a request (the run failed or was cancelled) would leave its exchange running
     * until its own timeout.
     */
    static <T> CompletableFuture<T> cancelling(CompletableFuture<?> source, CompletableFuture<T> dependent) {
        dependent.whenComplete((value, failure) -> {
            if (dependent.isCancelled()) {
                source.cancel(true);
            }
        });
        return dependent;
    }

    /**
     * A copy of {@code future} that fails with a {@link TimeoutException} after {@code millis}; when the copy fails
     * (timed out, or cancelled) {@code future} is cancelled, which for an exchange of the HTTP client aborts it.
     */
    private static <T> CompletableFuture<T> within(CompletableFuture<T> future, long millis) {
        CompletableFuture<T> bounded = future.copy().orTimeout(millis, TimeUnit.MILLISECONDS);
        bounded.whenComplete((value, failure) -> {
            if (failure != null) {
                future.cancel(true);
            }
        });
        return bounded;
    }

    /** Every attempt's timeout and the longest wait before each retry, plus five seconds; saturating. */
    private static long longestWaitMillis(CurlRequest request) {
        long attempts = request.mayRetry() ? request.retries + 1L : 1L;
        try {
            return Math.addExact(Math.multiplyExact(attempts,
                    Math.addExact(request.timeout.toMillis(), request.retryMaxDelay.toMillis())), 5_000);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private CompletableFuture<CurlResponse> attempt(CurlRequest request, @Nullable AtomicOutput output,
            AtomicBoolean wroteFile, int number) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri).timeout(request.timeout);
        if (request.uri.getScheme().equalsIgnoreCase("http")) {
            // no h2c upgrade on plain connections: servers that mishandle it would break requests with bodies
            b.version(HttpClient.Version.HTTP_1_1);
        }
        for (Map.Entry<String, String> h : request.headers) {
            b.header(h.getKey(), h.getValue().strip());
        }
        byte[] body = request.body == null ? null : request.body.getBytes(StandardCharsets.UTF_8);
        b.method(request.method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        long start = System.nanoTime();
        long[] headersAt = {start};
        HttpResponse.BodyHandler<ResponseBody> handler = info -> {
            headersAt[0] = System.nanoTime();
            if (output != null && info.statusCode() < 400) {
                wroteFile.set(true);
                return ResponseBody.into(output.stream());
            }
            return ResponseBody.inMemory(request.maxResponseBytes);
        };
        HttpClient client = request.followsRedirects() ? following : direct;
        // cancelling the client's own future aborts the exchange and closes its connection
        CompletableFuture<HttpResponse<ResponseBody>> exchange = client.sendAsync(b.build(), handler);
        return cancelling(exchange, exchange.thenApply(r -> new CurlResponse(r, number, start, headersAt[0],
                System.nanoTime(), body == null ? 0 : body.length)));
    }

    private static RetryPolicy<CurlResponse> retryPolicy(CurlRequest request, AtomicBoolean wroteFile) {
        return RetryPolicy.<CurlResponse>builder()
                .withMaxRetries(request.retries)
                .handleIf((response, failure) -> {
                    if (wroteFile.get()) {
                        return false; // part of the body is in the file: a second attempt would not start afresh
                    }
                    if (failure != null) {
                        Throwable f = unwrap(failure);
                        return (f instanceof IOException && !(f instanceof ResponseBody.TooLarge))
                                || f instanceof TimeoutException;
                    }
                    if (response.status != 429 && response.status < 500) {
                        return false;
                    }
                    Duration wait = retryAfter(response);
                    return wait == null || wait.compareTo(request.retryMaxDelay) <= 0;
                })
                .withDelayFn(ctx -> {
                    CurlResponse last = ctx.getLastResult();
                    Duration asked = last == null ? null : retryAfter(last);
                    if (asked != null) {
                        return asked;
                    }
                    int retry = Math.max(1, ctx.getAttemptCount());
                    double ceiling = Math.min(request.retryMaxDelay.toNanos(),
                            request.retryDelay.toNanos() * Math.pow(2, Math.min(retry - 1, 62)));
                    return Duration.ofNanos((long) (ThreadLocalRandom.current().nextDouble() * ceiling));
                })
                .build();
    }

    /** The wait a 429 or 503 response asks for in {@code Retry-After} (seconds or an HTTP date), if any. */
    static @Nullable Duration retryAfter(CurlResponse response) {
        String value = response.headers.firstValue("retry-after").orElse(null);
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.chars().allMatch(Character::isDigit) && v.length() <= 9) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(java.time.Instant.now(), at.toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The step's error for a request that failed without a response. */
    private static RuntimeException explain(CurlRequest request, Throwable failure, int attempts) {
        if (failure instanceof CancellationException) {
            return (CancellationException) failure;
        }
        String tries = attempts > 1 ? " (" + attempts + " attempts)" : "";
        if (failure instanceof TimeoutException || failure instanceof HttpTimeoutException) {
            return new Failed("Request timed out after " + request.timeoutText + " s: " + request.describe() + tries,
                    failure);
        }
        if (failure instanceof ResponseBody.TooLarge) {
            return new Failed("The response to " + request.describe() + " is larger than maxresponsebytes ("
                    + request.maxResponseBytes + " bytes); save large bodies to a file with destination", failure);
        }
        if (failure instanceof ConnectException) {
            return new Failed("Could not connect: " + request.describe() + ": " + message(failure) + tries, failure);
        }
        return new Failed("Request failed: " + request.describe() + ": " + message(failure) + tries, failure);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
