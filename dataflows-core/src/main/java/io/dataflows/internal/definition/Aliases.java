package io.dataflows.internal.definition;

import java.util.Locale;

/** tool_dataflows' rule for an alias derived from a name. */
public final class Aliases {

    private Aliases() {}

    /**
     * Lower-cases the name and replaces each run of characters outside {@code [a-zA-Z0-9_-]} with one {@code _}:
     * {@code Complex.name9!!} → {@code complex_name9_}.
     */
    public static String fromName(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-zA-Z0-9_-]+", "_");
    }
}
