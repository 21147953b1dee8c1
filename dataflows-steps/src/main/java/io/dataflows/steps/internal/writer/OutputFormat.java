package io.dataflows.steps.internal.writer;

import java.util.Locale;

/** The formats {@code writer_stream} writes, by config name. */
enum OutputFormat {
    JSON("json"),
    JSONL("jsonl"),
    CSV("csv");

    private final String configName;

    OutputFormat(String configName) {
        this.configName = configName;
    }

    /** The name used in config ({@code json}). */
    String configName() {
        return configName;
    }

    /** A new encoder for one output. */
    RecordEncoder newEncoder(boolean pretty) {
        switch (this) {
            case JSON:
                return new JsonArrayEncoder(pretty);
            case JSONL:
                return new JsonLinesEncoder();
            default:
                return new CsvEncoder();
        }
    }

    /** The format called {@code name} (case-insensitive), or null. */
    static OutputFormat of(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (OutputFormat f : values()) {
            if (f.configName.equals(n)) {
                return f;
            }
        }
        return null;
    }

    /** The supported names, comma-separated. */
    static String names() {
        StringBuilder sb = new StringBuilder();
        for (OutputFormat f : values()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(f.configName);
        }
        return sb.toString();
    }
}
