package io.dataflows.spi;

/** The type of a config field value, after expressions are evaluated. */
public enum FieldType {
    /** Text. Numbers and booleans given in YAML are accepted and converted. */
    STRING,
    /**
     * {@code true}/{@code false}; also {@code 1}/{@code 0} and the text {@code true}/{@code false}, {@code 1}/{@code 0},
     * {@code yes}/{@code no}, {@code on}/{@code off} and {@code ''} (false), as {@link StepConfig#bool} reads them.
     */
    BOOLEAN,
    /** A whole number; numeric text is accepted. */
    INTEGER,
    /** Any number; numeric text is accepted. */
    NUMBER,
    /** A map (YAML mapping). */
    MAP,
    /** A list (YAML sequence). */
    LIST,
    /** Any value. */
    ANY
}
