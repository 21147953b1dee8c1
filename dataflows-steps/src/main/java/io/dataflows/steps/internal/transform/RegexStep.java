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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code flow_transformer_regex}: matches {@code pattern} against {@code field} (a template, such as
 * {@code ${{ record.text }}}) and adds the match to the record. A pattern with named groups sets one record field per
 * group (null when the pattern or the group did not match); any other pattern sets the field named after the step's
 * alias to the first match, or null.
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
     * The input's fields and the named groups of a pattern without expressions; unknown for a pattern without named
     * groups, which sets the field named after the step's alias.
     */
    @Override
    public RecordShape recordShape(Map<String, Object> config, RecordShape input) {
        Object pattern = config.get("pattern");
        if (!(pattern instanceof String) || ((String) pattern).contains("${{")) {
            return RecordShape.unknown();
        }
        try {
            List<String> groups = namedGroups(Regexes.compile((String) pattern).pattern());
            return groups.isEmpty() ? RecordShape.unknown() : input.with(groups);
        } catch (IllegalArgumentException e) {
            return RecordShape.unknown(); // reported by validate
        }
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
        private final String alias;
        private final long steps;

        Matching(Pattern pattern, String alias, String source, long steps) {
            this.source = source;
            this.pattern = pattern;
            this.groups = namedGroups(pattern.pattern()).toArray(new String[0]);
            this.alias = alias;
            this.steps = steps;
        }

        DataRecord apply(DataRecord record, String text) {
            Matcher m = Regexes.find(pattern, text, steps);
            boolean found = m != null;
            if (groups.length == 0) {
                return record.with(alias, found ? m.group() : null);
            }
            DataRecord r = record;
            for (String g : groups) {
                r = r.with(g, found ? m.group(g) : null);
            }
            return r;
        }
    }

    /** Names of the named groups {@code (?<name>...)} of a Java pattern, in order. */
    static List<String> namedGroups(String regex) {
        List<String> names = new ArrayList<>();
        boolean inClass = false;
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
            } else if (c == '(' && regex.startsWith("?<", i + 1) && i + 3 < n
                    && Character.isLetter(regex.charAt(i + 3))) {
                int end = regex.indexOf('>', i + 3);
                if (end > 0) {
                    String name = regex.substring(i + 3, end);
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }
}
