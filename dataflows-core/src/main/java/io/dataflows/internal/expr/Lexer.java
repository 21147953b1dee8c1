package io.dataflows.internal.expr;

import io.dataflows.ExpressionException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens. The dialect is Symfony ExpressionLanguage's (what tool_dataflows flows are
 * written in) plus the JEXL operators people reach for ({@code ??}, {@code ?.}, {@code =~}, {@code !~}).
 */
final class Lexer {

    // Longest first, so "!==" wins over "!=" and "!".
    private static final String[] SYMBOL_OPERATORS = {
        "===", "!==", "**", "==", "!=", "<=", ">=", "&&", "||", "..", "=~", "!~", "??", "?.",
        "+", "-", "*", "/", "%", "~", "<", ">", "!", "|", "^", "&",
    };
    private static final String[] WORD_OPERATORS = {"not in", "matches", "and", "or", "not", "in"};

    private final String src;
    private int i;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) {
        return new Lexer(src).run();
    }

    private List<Token> run() {
        List<Token> out = new ArrayList<>();
        int n = src.length();
        while (true) {
            while (i < n && Character.isWhitespace(src.charAt(i))) {
                i++;
            }
            if (i >= n) {
                out.add(new Token(Token.Kind.END, "", null, n));
                return out;
            }
            char c = src.charAt(i);
            int start = i;
            if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(src.charAt(i + 1))
                    && (out.isEmpty() || !endsOperand(out.get(out.size() - 1))))) {
                out.add(number(start));
            } else if (c == '\'' || c == '"') {
                out.add(string(c, start));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                Token word = wordOperator(start, out);
                if (word != null) {
                    out.add(word);
                } else {
                    while (i < n && isNameChar(src.charAt(i))) {
                        i++;
                    }
                    out.add(new Token(Token.Kind.NAME, src.substring(start, i), null, start));
                }
            } else if ("()[]{},:?.".indexOf(c) >= 0 && !startsSymbolOperator()) {
                i++;
                out.add(new Token(Token.Kind.PUNCT, String.valueOf(c), null, start));
            } else {
                String op = symbolOperator();
                if (op == null) {
                    throw new ExpressionException("Unexpected character '" + c + "' at position " + (start + 1),
                            src);
                }
                i += op.length();
                out.add(new Token(Token.Kind.OPERATOR, op, null, start));
            }
        }
    }

    private static boolean endsOperand(Token t) {
        return t.kind() == Token.Kind.NAME || t.kind() == Token.Kind.NUMBER || t.kind() == Token.Kind.STRING
                || t.isPunct(")") || t.isPunct("]");
    }

    private boolean startsSymbolOperator() {
        String op = symbolOperator();
        return op != null && op.length() > 1;
    }

    private String symbolOperator() {
        for (String op : SYMBOL_OPERATORS) {
            if (src.startsWith(op, i)) {
                // "?." followed by a digit is a ternary with a decimal number, not null-safe access
                if (op.equals("?.") && i + 2 < src.length() && isDigit(src.charAt(i + 2))) {
                    continue;
                }
                return op;
            }
        }
        return null;
    }

    private Token wordOperator(int start, List<Token> out) {
        // After a '.', a word is a property name ("record.in"), never an operator.
        if (!out.isEmpty() && (out.get(out.size() - 1).isPunct(".") || out.get(out.size() - 1).isOp("?."))) {
            return null;
        }
        for (String w : WORD_OPERATORS) {
            if (w.equals("not in")) {
                if (src.startsWith("not", start)) {
                    int j = start + 3;
                    int k = j;
                    while (k < src.length() && Character.isWhitespace(src.charAt(k))) {
                        k++;
                    }
                    if (k > j && src.startsWith("in", k) && boundary(k + 2)) {
                        i = k + 2;
                        return new Token(Token.Kind.OPERATOR, "not in", null, start);
                    }
                }
                continue;
            }
            if (src.startsWith(w, start) && boundary(start + w.length())) {
                i = start + w.length();
                return new Token(Token.Kind.OPERATOR, w, null, start);
            }
        }
        return null;
    }

    private boolean boundary(int at) {
        return at >= src.length() || !isNameChar(src.charAt(at));
    }

    private Token number(int start) {
        int n = src.length();
        boolean isFloat = false;
        while (i < n && (isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
        }
        if (i + 1 < n && src.charAt(i) == '.' && isDigit(src.charAt(i + 1))) {
            isFloat = true;
            i++;
            while (i < n && (isDigit(src.charAt(i)) || src.charAt(i) == '_')) {
                i++;
            }
        }
        if (i < n && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(src.charAt(j))) {
                isFloat = true;
                i = j;
                while (i < n && isDigit(src.charAt(i))) {
                    i++;
                }
            }
        }
        String text = src.substring(start, i);
        String digits = text.replace("_", "");
        Object value;
        if (isFloat) {
            value = Double.parseDouble(digits);
        } else {
            try {
                value = Long.parseLong(digits);
            } catch (NumberFormatException overflow) {
                value = Double.parseDouble(digits);
            }
        }
        return new Token(Token.Kind.NUMBER, text, value, start);
    }

    private Token string(char quote, int start) {
        StringBuilder sb = new StringBuilder();
        i++;
        int n = src.length();
        while (i < n) {
            char c = src.charAt(i);
            if (c == quote) {
                i++;
                return new Token(Token.Kind.STRING, src.substring(start, i), sb.toString(), start);
            }
            if (c == '\\' && i + 1 < n) {
                char e = src.charAt(i + 1);
                i += 2;
                switch (e) {
                    case 'n': sb.append('\n'); break;
                    case 't': sb.append('\t'); break;
                    case 'r': sb.append('\r'); break;
                    case '0': sb.append('\0'); break;
                    case 'f': sb.append('\f'); break;
                    case 'v': sb.append('\u000b'); break;
                    case 'e': sb.append('\u001b'); break;
                    case '\\': sb.append('\\'); break;
                    case '\'': sb.append('\''); break;
                    case '"': sb.append('"'); break;
                    default:
                        // Like PHP's stripcslashes, an unknown escape keeps the character; regex escapes such as
                        // "\d" survive as two characters because the pattern text needs them.
                        sb.append('\\').append(e);
                }
                continue;
            }
            sb.append(c);
            i++;
        }
        throw new ExpressionException("Unterminated string starting at position " + (start + 1), src);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
