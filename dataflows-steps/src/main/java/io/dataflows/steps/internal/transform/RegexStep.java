package io.dataflows.steps.internal.transform;

import io.dataflows.DataRecord;
import io.dataflows.spi.ConfigField;
import io.dataflows.spi.ConfigSchema;
import io.dataflows.spi.FieldType;
import io.dataflows.spi.FlowStep;
import io.dataflows.spi.RecordProcessor;
import io.dataflows.spi.RecordShape;
import io.dataflows.spi.Regexes;
import io.dataflows.spi.StepContext;
import io.dataflows.spi.StepKind;
import io.dataflows.spi.StepValidation;
import io.dataflows.spi.Template;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code flow_transformer_regex}: matches {@code pattern} against {@code field} (a template, such as
 * {@code ${{ record.text }}}) and adds the match to the record, as PHP's {@code preg_match} fills its matches: when
 * the pattern matches, each named group up to the last group that took part in the match sets a record field (a
 * group that did not take part before that one sets {@code ""}; one after it sets nothing). When no named group is
 * set that way — the pattern has none, did not match, or its named groups all come after the last group that took
 * part — the field named after the step's alias is set to the whole match, or null when there is none.
 *
 * <p>Patterns are Java regular expressions; PHP patterns with delimiters and flags ({@code /world/i}) are accepted
 * ({@link Regexes}). A pattern holding an expression is evaluated per record and recompiled when it changes. A match
 * reads at most the engine's regex step limit of characters, so a catastrophically backtracking pattern fails the
 * step with a message naming it instead of running for ever.
 */
public final class RegexStep implements FlowStep {

    private static final ConfigSchema CONFIG = ConfigSchema.builder()
            .field(ConfigField.of("pattern", FieldType.STRING).required()
                    .describe("The regular expression, e.g. /(?<year>\\d{4})/"))
            .field(ConfigField.of("field", FieldType.STRING).required()
                    .describe("The text to match, e.g. ${{ record.text }}"))
            .build();

    @Override
    public String id() {
        return "flow_transformer_regex";
    }

    @Override
    public StepKind kind() {
        return StepKind.FLOW;
    }

    @Override
    public String group() {
        return "flowtransformers";
    }

    @Override
    public String displayName() {
        return "Regex transformer";
    }

    @Override
    public String description() {
        return "Adds what a regular expression matches in a text to the record, one field per named group.";
    }

    @Override
    public ConfigSchema configSchema() {
        return CONFIG;
    }

    @Override
    public void validate(StepValidation validation) {
        Object pattern = validation.config().get("pattern");
        if (pattern instanceof String && !((String) pattern).isEmpty() && validation.isStatic("pattern")) {
            try {
                Regexes.compile((String) pattern);
            } catch (IllegalArgumentException e) {
                validation.problem("pattern", "Config 'pattern' is invalid. " + e.getMessage());
            }
        }
    }

    /**
     * Unknown: which fields a record gains depends on the match (the named groups, or the field named after the
     * step's alias, which the config does not hold).
     */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        return RecordShape.unknown();
    }

    @Override
    public RecordProcessor open(StepContext ctx) {
        Template patternText = ctx.config().template("pattern");
        Template subject = ctx.config().template("field");
        String alias = ctx.stepAlias();
        long steps = ctx.regexStepLimit();
        if (patternText.isConstant()) {
            String text = patternText.evaluateToText();
            Matching matching = new Matching(Regexes.compile(text), alias, text, steps);
            return (record, out) -> out.emit(matching.apply(record, subject.evaluateToText()));
        }
        Matching[] last = new Matching[1];
        return (record, out) -> {
            String text = patternText.evaluateToText();
            Matching matching = last[0];
            if (matching == null || !matching.source.equals(text)) {
                matching = new Matching(Regexes.compile(text), alias, text, steps);
                last[0] = matching;
            }
            out.emit(matching.apply(record, subject.evaluateToText()));
        };
    }

    /** A compiled pattern and the record fields it sets. */
    private static final class Matching {
        private final String source;
        private final Pattern pattern;
        private final String[] groups;
        private final int[] numbers;
        private final String alias;
        private final long steps;

        Matching(Pattern pattern, String alias, String source, long steps) {
            this.source = source;
            this.pattern = pattern;
            Map<String, Integer> named = namedGroups(pattern.pattern());
            this.groups = named.keySet().toArray(new String[0]);
            this.numbers = named.values().stream().mapToInt(Integer::intValue).toArray();
            this.alias = alias;
            this.steps = steps;
        }

        DataRecord apply(DataRecord record, String text) {
            Matcher m = Regexes.find(pattern, text, steps);
            if (m == null) {
                return record.with(alias, null);
            }
            // PHP's matches end at the last group that took part; unmatched groups before it are empty text.
            int last = m.groupCount();
            while (last > 0 && m.start(last) < 0) {
                last--;
            }
            DataRecord r = record;
            boolean set = false;
            for (int i = 0; i < groups.length; i++) {
                if (numbers[i] <= last) {
                    String value = m.group(numbers[i]);
                    r = r.with(groups[i], value == null ? "" : value);
                    set = true;
                }
            }
            return set ? r : record.with(alias, m.group());
        }
    }

    /**
     * The named groups {@code (?<name>...)} of a Java pattern, in order, each with its group number (named and
     * unnamed capturing groups are numbered together, by their opening parenthesis).
     */
    static Map<String, Integer> namedGroups(String regex) {
        Map<String, Integer> names = new LinkedHashMap<>();
        boolean inClass = false;
        int number = 0;
        int n = regex.length();
        for (int i = 0; i < n; i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < n && regex.charAt(i + 1) == 'Q') {
                    int end = regex.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 1;
                } else {
                    i++;
                }
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < n && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(' && (i + 1 >= n || regex.charAt(i + 1) != '?')) {
                number++;
            } else if (c == '(' && regex.startsWith("?<", i + 1) && i + 3 < n
                    && Character.isLetter(regex.charAt(i + 3))) {
                number++;
                int end = regex.indexOf('>', i + 3);
                if (end > 0) {
                    names.putIfAbsent(regex.substring(i + 3, end), number);
                }
            }
        }
        return names;
    }
}
