package io.dataflows.spi;

/** The type of a config field value, after expressions are evaluated. */
public enum FieldType {
    /** Text. Numbers and booleans given in YAML are accepted and converted. */
    STRING,
    /** {@code true}/{@code false}; {@code 1}/{@code 0}, {@code '1'}/{@code '0'} and {@code ''} are accepted. */
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
