package io.dataflows.spi;

/** How the engine treats expressions in a config field. */
public enum Evaluation {
    /** {@code ${{ }}} parts are evaluated when the step reads the field (per record for flow steps). */
    TEMPLATE,
    /** The field is one expression, bare ({@code record.a > 1}) or wrapped whole in {@code ${{ }}}. */
    EXPRESSION,
    /** A map whose values are expressions (switch cases). */
    EXPRESSION_MAP,
    /** A map whose values are templates (alter transformer). */
    TEMPLATE_MAP,
    /** Taken as written; the step handles any expressions itself (SQL binds them as parameters). */
    LITERAL
}
