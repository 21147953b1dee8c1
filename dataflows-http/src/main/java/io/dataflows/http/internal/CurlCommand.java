package io.dataflows.http.internal;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code dbgcommand} output: a {@code curl} command line that makes the same request, built as tool_dataflows
 * built it ({@code curl -s -X POST <url> --max-time 60 -H 'Name:value' --data-raw '...' --output '...'}), with
 * the values of credential headers replaced by {@code *****}. The caller also passes the text through the run's
 * redactor, which hides the values of secrets.
 */
final class CurlCommand {

    static final String HIDDEN = "*****";

    private CurlCommand() {}

    static String of(String method, String url, String timeoutSeconds, List<Map.Entry<String, String>> headers,
            @Nullable String body, @Nullable String destination) {
        StringBuilder b = new StringBuilder("curl -s -X ").append(method).append(' ').append(url)
                .append(" --max-time ").append(timeoutSeconds);
        for (Map.Entry<String, String> h : headers) {
            String value = HeaderLines.isCredential(h.getKey()) ? HIDDEN : h.getValue();
            // curl sends "Name;" as a header with an empty value ("Name:" would remove the header)
            String header = value.isBlank() ? h.getKey() + ";" : h.getKey() + ":" + value;
            b.append(" -H ").append(quote(header));
        }
        if (body != null && !body.isEmpty()) {
            b.append(" --data-raw ").append(quote(body));
        }
        if (destination != null) {
            b.append(" --output ").append(quote(destination));
        }
        return b.toString();
    }

    /** Single-quotes {@code text} for a POSIX shell: {@code '} becomes {@code '\''}. */
    static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
