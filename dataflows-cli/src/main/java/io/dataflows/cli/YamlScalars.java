package io.dataflows.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Parses {@code NAME=VALUE} options; values are YAML scalars ({@code n=5} is the number 5). */
final class YamlScalars {

    // yes, no, on and off are text, as in flow definitions
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS).build());

    private YamlScalars() {}

    static void parseInto(Map<String, Object> target, Iterable<String> assignments, String option,
            Supplier<CommandLine> cmd) {
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new CommandLine.ParameterException(cmd.get(), "Invalid value for " + option + ": '" + a
                        + "' (expected NAME=VALUE)");
            }
            target.put(a.substring(0, eq), parse(a.substring(eq + 1)));
        }
    }

    static Object parse(String text) {
        if (text.isEmpty()) {
            return "";
        }
        try {
            Object v = YAML.readValue(text, Object.class);
            if (v instanceof Integer) {
                return ((Integer) v).longValue();
            }
            return v == null && !text.trim().matches("~|null|Null|NULL") ? text : v;
        } catch (IOException e) {
            return text;
        }
    }
}
