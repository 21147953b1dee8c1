package io.dataflows.scheduler;

import io.dataflows.spi.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** An HTTP answer: status, headers and body. Immutable. */
public final class WebResponse {

    /** The content type of JSON answers. */
    public static final String JSON = "application/json; charset=utf-8";

    private final int status;
    private final Map<String, String> headers;
    private final byte[] body;

    private WebResponse(int status, Map<String, String> headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status out of range: " + status);
        }
        this.status = status;
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = body.clone();
    }

    /** An answer with the given status, headers (names as they are to be sent) and body. */
    public static WebResponse of(int status, Map<String, String> headers, byte[] body) {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        return new WebResponse(status, headers, body);
    }

    /** A JSON answer: {@code value} as compact JSON ({@link JsonText#compact}), with the JSON content type. */
    public static WebResponse json(int status, Object value) {
        return json(status, value, Map.of());
    }

    /** A JSON answer with extra headers. */
    public static WebResponse json(int status, Object value, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", JSON);
        all.putAll(headers);
        return new WebResponse(status, all, JsonText.compact(value).getBytes(StandardCharsets.UTF_8));
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The headers to send (unmodifiable, in order). */
    public Map<String, String> headers() {
        return headers;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "WebResponse[" + status + ", " + body.length + " bytes]";
    }
}
