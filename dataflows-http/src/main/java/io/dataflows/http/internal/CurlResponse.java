package io.dataflows.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The response to a curl step's request, as the step publishes it in {@code response}: {@code result} (the body as
 * text, null when it went to {@code destination}), {@code json} (the parsed body, when it is JSON), {@code info}
 * (curl's names: {@code http_code}, {@code total_time}, {@code connect_time}, {@code size_upload},
 * {@code size_download}, {@code content_type}, ...), {@code headers} and {@code destination}.
 */
final class CurlResponse {

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000)
                    .maxStringLength(Integer.MAX_VALUE).maxNumberLength(1000).build())
            .build();

    final int status;
    final HttpHeaders headers;
    final ResponseBody body;
    final String effectiveUrl;
    final int redirects;
    final int attempts;
    final long startNanos;
    final long headersNanos;
    final long endNanos;
    final long sizeUpload;

    CurlResponse(HttpResponse<ResponseBody> response, int attempts, long startNanos, long headersNanos,
            long endNanos, long sizeUpload) {
        this.status = response.statusCode();
        this.headers = response.headers();
        this.body = response.body();
        this.effectiveUrl = response.uri().toString();
        int r = 0;
        for (Optional<HttpResponse<ResponseBody>> p = response.previousResponse(); p.isPresent();
                p = p.get().previousResponse()) {
            r++;
        }
        this.redirects = r;
        this.attempts = attempts;
        this.startNanos = startNanos;
        this.headersNanos = headersNanos;
        this.endNanos = endNanos;
        this.sizeUpload = sizeUpload;
    }

    /** The body as text in the response's charset (UTF-8 when it names none); null when it went to a file. */
    @Nullable String text() {
        byte[] bytes = body.bytes();
        return bytes == null ? null : new String(bytes, charset());
    }

    /** The first {@code n} characters of the body, for error messages. */
    String start(int n) {
        String t = text();
        if (t == null) {
            return "";
        }
        return t.length() <= n ? t : t.substring(0, n);
    }

    /** {@code response}: what the step publishes. */
    Map<String, Object> variables(@Nullable Path destination) {
        Map<String, Object> out = new LinkedHashMap<>();
        String text = text();
        out.put("result", text);
        if (text != null && isJson()) {
            Object parsed = parseJson(text);
            if (parsed != NOT_JSON) {
                out.put("json", parsed);
            }
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("http_code", (long) status);
        info.put("total_time", seconds(endNanos - startNanos));
        // The JDK client does not report when the connection was made: the time until the response headers
        // arrived (curl's starttransfer_time) bounds it from above.
        info.put("connect_time", seconds(headersNanos - startNanos));
        info.put("starttransfer_time", seconds(headersNanos - startNanos));
        info.put("size_upload", sizeUpload);
        info.put("size_download", body.size());
        info.put("content_type", headers.firstValue("content-type").orElse(null));
        info.put("url", effectiveUrl);
        info.put("redirect_count", (long) redirects);
        info.put("attempts", (long) attempts);
        out.put("info", Collections.unmodifiableMap(info));
        Map<String, Object> h = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> h.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        out.put("headers", Collections.unmodifiableMap(h));
        out.put("destination", destination == null ? null : destination.toString());
        return Collections.unmodifiableMap(out);
    }

    private boolean isJson() {
        String type = headers.firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        return media.equals("application/json") || media.endsWith("+json");
    }

    private Charset charset() {
        String type = headers.firstValue("content-type").orElse("");
        for (String part : type.split(";")) {
            String p = part.strip();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).replace("\"", "").strip();
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    private static final Object NOT_JSON = new Object();

    /** The body parsed into the engine's values (maps, lists, text, whole numbers, decimals), or NOT_JSON. */
    private static Object parseJson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() == null) {
                return NOT_JSON;
            }
            Object value = read(p);
            return p.nextToken() == null ? value : NOT_JSON;
        } catch (IOException | RuntimeException e) {
            return NOT_JSON;
        }
    }

    private static @Nullable Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return Collections.unmodifiableMap(map);
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return Collections.unmodifiableList(list);
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? new BigDecimal(p.getBigIntegerValue()) : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected JSON token " + t);
        }
    }

    private static double seconds(long nanos) {
        return Math.max(0, nanos) / 1e9;
    }
}
