package io.dataflows.internal.expr;

/** One token of an expression; {@code pos} is the 0-based offset in the expression text. */
record Token(Kind kind, String text, Object value, int pos) {

    enum Kind { NUMBER, STRING, NAME, OPERATOR, PUNCT, END }

    boolean is(Kind k, String t) {
        return kind == k && text.equals(t);
    }

    boolean isOp(String t) {
        return kind == Kind.OPERATOR && text.equals(t);
    }

    boolean isPunct(String t) {
        return kind == Kind.PUNCT && text.equals(t);
    }

    String describe() {
        switch (kind) {
            case END:
                return "end of expression";
            case STRING:
                return "string " + text;
            default:
                return "'" + text + "'";
        }
    }
}
