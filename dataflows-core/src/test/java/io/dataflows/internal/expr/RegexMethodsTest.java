package io.dataflows.internal.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code split}, {@code replaceAll} and {@code replaceFirst} are re-implemented so that they can check sizes and
 * run within the step budget; they must give exactly what Java's own methods give.
 */
class RegexMethodsTest {

    private static final List<String> PATTERNS = List.of(",", "a", "a*", "b?", "", "(a)(b)?", "(?<x>a+)", "\\b",
            "^", "$", "[ab]", ",+", "(,)", "a|", "x*");

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars("ab,x$").ofMaxLength(12);
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of(PATTERNS);
    }

    @Provide
    Arbitrary<String> replacements() {
        return Arbitraries.strings().withChars("ab$012{}x\\").ofMaxLength(6)
                .injectDuplicates(0.1).edgeCases(c -> c.add("${x}").add("$1$2").add("\\$"));
    }

    @Property(tries = 400)
    void splitGivesWhatJavaGives(@ForAll("texts") String text, @ForAll("patterns") String regex,
            @ForAll("limits") int limit) {
        List<Object> ours = Methods.RegexMethods.split(text, regex, limit, ExpressionLimits.DEFAULTS);
        assertThat(ours).containsExactlyElementsOf(Arrays.asList(text.split(regex, limit)));
    }

    @Provide
    Arbitrary<Integer> limits() {
        return Arbitraries.integers().between(-1, 4);
    }

    @Property(tries = 400)
    void replaceAllAndReplaceFirstGiveWhatJavaGives(@ForAll("texts") String text, @ForAll("patterns") String regex,
            @ForAll("replacements") String replacement, @ForAll boolean all) {
        String java;
        try {
            java = all ? Pattern.compile(regex).matcher(text).replaceAll(replacement)
                    : Pattern.compile(regex).matcher(text).replaceFirst(replacement);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            java = "error";
        }
        String ours;
        try {
            ours = Methods.RegexMethods.replace(text, regex, replacement, all, ExpressionLimits.DEFAULTS);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            ours = "error";
        }
        assertThat(ours).isEqualTo(java);
    }
}
