package io.dataflows.internal.vars;

import io.dataflows.ExpressionException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with the expression of a secret value without quoting it. Messages about expressions usually
 * quote the text, a variable name or an operand ({@code Unexpected name 'Hunter2' at position 1},
 * {@code Cannot compare 'Hunter2' with 5}); for a secret field or variable any of those may be the secret itself, so
 * only a fixed description of the kind of problem and its position are kept.
 */
public final class SecretText {

    /** Appended to every such message, so that a reader knows why it says so little. */
    public static final String NOT_SHOWN = "(secret: its text is not shown)";

    private static final Pattern POSITION = Pattern.compile("at position (\\d+)");

    /** Messages that never contain text from the expression. */
    private static final Set<String> FIXED = Set.of("Division by zero", "Modulo by zero", "Expression nests too deeply",
            "Expressions cannot assign variables", "Empty expression");

    private SecretText() {}

    /** What kind of problem {@code e} is, in words that quote nothing from the expression or its values. */
    public static String reason(ExpressionException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("Reference cycle between variables") || m.startsWith("Variables refer to each other")) {
            return m; // variable paths only: names, not values
        }
        if (FIXED.contains(m)) {
            return m.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + m.substring(1);
        }
        if (m.startsWith("Unknown variable") || m.startsWith("Cannot read")) {
            return "it reads a variable that does not exist";
        }
        if (m.startsWith("Unknown function")) {
            return "it calls an unknown function";
        }
        Matcher position = POSITION.matcher(m);
        if (m.startsWith("Unterminated expression") && position.find()) {
            return "'${{' without '}}' at position " + position.group(1);
        }
        if (m.startsWith("Unterminated string") && position.find()) {
            return "an unterminated string at position " + position.group(1);
        }
        if (position.find()) {
            return "syntax error at position " + position.group(1);
        }
        return "an operation on its values failed";
    }

    /**
     * An exception for a failure of the expression of a secret value: {@code Cannot evaluate <what>: <reason>
     * (secret: its text is not shown)}, with the step and field of {@code e} and neither its expression nor its cause
     * (both hold the text).
     */
    public static ExpressionException hidden(String what, ExpressionException e) {
        if (e.getOriginalMessage().endsWith(NOT_SHOWN)) { // a secret variable it reads failed, and says so
            return new ExpressionException(e.getOriginalMessage(), null, e.stepAlias().orElse(null),
                    e.field().orElse(null), null);
        }
        return new ExpressionException("Cannot evaluate " + what + ": " + reason(e) + " " + NOT_SHOWN, null,
                e.stepAlias().orElse(null), e.field().orElse(null), null);
    }
}
