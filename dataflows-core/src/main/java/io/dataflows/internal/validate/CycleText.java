package io.dataflows.internal.validate;

import io.dataflows.internal.util.ShortText;
import java.util.ArrayList;
import java.util.List;

/** A cycle for a message: {@code a → b → a}, shortened in the middle when it is long, every name shortened. */
final class CycleText {

    private static final int SHOWN_WHOLE = 10;
    private static final int SHOWN_FIRST = 5;

    private CycleText() {}

    /**
     * @param cycle the members with the first repeated at the end
     * @param noun what the members are, plural ({@code steps}, {@code variables})
     */
    static String of(List<String> cycle, String noun) {
        List<String> shown = new ArrayList<>();
        if (cycle.size() <= SHOWN_WHOLE) {
            cycle.forEach(c -> shown.add(ShortText.of(c)));
            return String.join(" → ", shown);
        }
        cycle.subList(0, SHOWN_FIRST).forEach(c -> shown.add(ShortText.of(c)));
        shown.add("…");
        shown.add(ShortText.of(cycle.get(cycle.size() - 2)));
        shown.add(ShortText.of(cycle.get(cycle.size() - 1)));
        return String.join(" → ", shown) + " (" + (cycle.size() - 1) + " " + noun + ")";
    }
}
