package io.dataflows.http.internal;

import io.dataflows.DataflowException;
import io.dataflows.spi.PathAccess;
import io.dataflows.spi.StepConfig;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.Values;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request as a curl step's config describes it, evaluated for the current record on the run's thread:
 * method, URL, headers, body, destination, timeout and the retry rules.
 */
final class CurlRequest {

    static final long DEFAULT_TIMEOUT_SECONDS = 60;
    static final long DEFAULT_MAX_RESPONSE_BYTES = 10L * 1024 * 1024;

    /** Methods that may be sent twice without changing the outcome (RFC 9110); the others are retried on request. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE");

    final String method;
    final URI uri;
    /** The URL as configured, for messages and the debug command. */
    final String url;
    final List<Map.Entry<String, String>> headers;
    final @Nullable String body;
    final @Nullable Path destination;
    final Duration timeout;
    final String timeoutText;
    final int retries;
    final Duration retryDelay;
    final Duration retryMaxDelay;
    final boolean retryAllowed;
    final boolean failOnStatus;
    final long maxResponseBytes;
    final boolean sideEffects;

    private CurlRequest(StepContext ctx) {
        StepConfig config = ctx.config();
        this.url = config.optionalString("curl").orElse("").strip();
        if (url.isEmpty()) {
            throw new DataflowException("Config 'URL' is missing.");
        }
        this.uri = parseUrl(url);
        this.method = config.optionalString("method").orElse("get").strip().toUpperCase(Locale.ROOT);
        try {
            this.headers = HeaderLines.parse(config.optionalString("headers").orElse(""));
        } catch (IllegalArgumentException e) {
            throw new DataflowException("Curl connector headers are invalid: " + e.getMessage() + ".");
        }
        String data = config.optionalString("rawpostdata").orElse("");
        this.body = data.isEmpty() ? null : data;
        String target = config.optionalString("destination").orElse("");
        this.destination = target.isEmpty() ? null : config.path("destination", PathAccess.WRITE);
        BigDecimal seconds = number(config, "timeout", BigDecimal.valueOf(DEFAULT_TIMEOUT_SECONDS));
        if (seconds.signum() == 0) {
            seconds = BigDecimal.valueOf(DEFAULT_TIMEOUT_SECONDS); // tool_dataflows: 0 or empty means the default
        }
        this.timeout = duration(seconds, "timeout");
        this.timeoutText = seconds.stripTrailingZeros().toPlainString();
        this.retries = (int) Math.min(Integer.MAX_VALUE, config.integer("retries"));
        if (retries < 0) {
            throw new DataflowException("Config 'retries' must not be negative (had " + retries + ").");
        }
        this.retryDelay = duration(number(config, "retrydelay", BigDecimal.ONE), "retrydelay");
        this.retryMaxDelay = duration(number(config, "retrymaxdelay", BigDecimal.valueOf(30)), "retrymaxdelay");
        this.retryAllowed = IDEMPOTENT.contains(method) || config.bool("retrynonidempotent");
        this.failOnStatus = config.bool("failonstatus");
        this.maxResponseBytes = config.integer("maxresponsebytes");
        if (maxResponseBytes < 1) {
            throw new DataflowException("Config 'maxresponsebytes' must be at least 1 (had " + maxResponseBytes
                    + ").");
        }
        this.sideEffects = !(method.equals("GET") || method.equals("HEAD")) || config.bool("sideeffects");
    }

    /**
     * Evaluates the config of the step's current record.
     *
     * @throws DataflowException naming the field that is wrong
     */
    static CurlRequest of(StepContext ctx) {
        return new CurlRequest(ctx);
    }

    /** Whether a failed attempt of this request may be sent again. */
    boolean mayRetry() {
        return retries > 0 && retryAllowed;
    }

    /** Whether redirects are followed: for reads only, so a write is never sent twice or to another place. */
    boolean followsRedirects() {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** {@code GET https://...}, for messages. */
    String describe() {
        return method + " " + url;
    }

    /** The {@code dbgcommand} output, before the run's redactor hides secret values. */
    String curlCommand() {
        return CurlCommand.of(method, url, timeoutText, headers, body,
                destination == null ? null : destination.toString());
    }

    private static URI parseUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new DataflowException("Config 'URL' is not a valid URL: " + e.getMessage() + ".");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new DataflowException("Config 'URL' must be an http:// or https:// URL with a host (had '" + url
                    + "').");
        }
        return uri;
    }

    /** Checks a static URL at validation time; returns the problem, or null when the URL is fine. */
    static @Nullable String urlProblem(String url) {
        try {
            parseUrl(url.strip());
            return null;
        } catch (DataflowException e) {
            return e.getMessage();
        }
    }

    private static BigDecimal number(StepConfig config, String field, BigDecimal absent) {
        Object value = config.value(field);
        if (value == null || (value instanceof String && ((String) value).isBlank())) {
            return absent;
        }
        Number n = value instanceof Number ? (Number) value : Values.parseNumber(String.valueOf(value).strip());
        if (n == null) {
            throw new DataflowException("Config '" + field + "' must be a number of seconds (had '" + value + "').");
        }
        BigDecimal d = new BigDecimal(n.toString());
        if (d.signum() < 0) {
            throw new DataflowException("Config '" + field + "' must not be negative (had " + value + ").");
        }
        return d;
    }

    private static Duration duration(BigDecimal seconds, String field) {
        if (seconds.compareTo(BigDecimal.valueOf(365L * 24 * 3600)) > 0) {
            throw new DataflowException("Config '" + field + "' is too long (had " + seconds.toPlainString()
                    + " seconds; at most a year).");
        }
        return Duration.ofNanos(seconds.movePointRight(9).longValue());
    }
}
