package io.dataflows.internal.expr;

import io.dataflows.ExpressionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Precedence-climbing parser with Symfony ExpressionLanguage's operator table, so expressions written for
 * tool_dataflows group the same way here.
 */
final class Parser {

    private record Op(int precedence, boolean rightAssoc) {}

    private static final Map<String, Op> BINARY = Map.ofEntries(
            Map.entry("??", new Op(5, true)),
            Map.entry("or", new Op(10, false)), Map.entry("||", new Op(10, false)),
            Map.entry("and", new Op(15, false)), Map.entry("&&", new Op(15, false)),
            Map.entry("|", new Op(16, false)), Map.entry("^", new Op(17, false)), Map.entry("&", new Op(18, false)),
            Map.entry("==", new Op(20, false)), Map.entry("===", new Op(20, false)),
            Map.entry("!=", new Op(20, false)), Map.entry("!==", new Op(20, false)),
            Map.entry("<", new Op(20, false)), Map.entry(">", new Op(20, false)),
            Map.entry("<=", new Op(20, false)), Map.entry(">=", new Op(20, false)),
            Map.entry("in", new Op(20, false)), Map.entry("not in", new Op(20, false)),
            Map.entry("matches", new Op(20, false)), Map.entry("=~", new Op(20, false)),
            Map.entry("!~", new Op(20, false)),
            Map.entry("..", new Op(25, false)),
            Map.entry("+", new Op(30, false)), Map.entry("-", new Op(30, false)),
            Map.entry("~", new Op(40, false)),
            Map.entry("*", new Op(60, false)), Map.entry("/", new Op(60, false)), Map.entry("%", new Op(60, false)),
            Map.entry("**", new Op(200, true)));

    private static final Map<String, Integer> UNARY = Map.of("not", 50, "!", 50, "-", 500, "+", 500);

    private final String src;
    private final List<Token> tokens;
    private int p;
    /** How deep {@link #expression} is nested right now: brackets, calls, unary operators, right operands. */
    private int nesting;

    private Parser(String src) {
        this.src = src;
        this.tokens = Lexer.tokenize(src);
    }

    /**
     * Parses a whole expression; throws {@link ExpressionException} naming the position on a syntax error, and when
     * the expression nests deeper than {@link ExpressionLimits#MAX_DEPTH}, so that no later walk over the tree (the
     * compiler, the JEXL translation, evaluation) can run out of stack.
     */
    static Node parse(String src) {
        Parser parser = new Parser(src);
        if (parser.peek().kind() == Token.Kind.END) {
            throw new ExpressionException("Empty expression", src);
        }
        Node node = parser.expression(0);
        if (parser.peek().kind() != Token.Kind.END) {
            throw parser.error("Unexpected " + parser.peek().describe(), parser.peek());
        }
        // Left-associative chains (a + b + c, a.b.c) are parsed in a loop, so the nesting count above does not see
        // them; their trees are as deep as they are long.
        Node deepest = Depth.deeperThan(node, ExpressionLimits.MAX_DEPTH);
        if (deepest != null) {
            throw tooDeep(src, deepest.pos());
        }
        return node;
    }

    private static ExpressionException tooDeep(String src, int pos) {
        return new ExpressionException("Expression nests too deeply: more than " + ExpressionLimits.MAX_DEPTH
                + " levels of brackets, operators, calls or member accesses (at position " + (pos + 1) + ")", src);
    }

    private Token peek() {
        return tokens.get(p);
    }

    private Token next() {
        return tokens.get(p++);
    }

    private ExpressionException error(String message, Token at) {
        return new ExpressionException(message + " at position " + (at.pos() + 1), src);
    }

    private void expectPunct(String punct) {
        Token t = next();
        if (!t.isPunct(punct)) {
            throw error("Expected '" + punct + "' but found " + t.describe(), t);
        }
    }

    private Node expression(int minPrecedence) {
        if (++nesting > ExpressionLimits.MAX_DEPTH) {
            throw tooDeep(src, peek().pos());
        }
        try {
            return climb(minPrecedence);
        } finally {
            nesting--;
        }
    }

    private Node climb(int minPrecedence) {
        Node left = unary();
        while (true) {
            Token t = peek();
            if (t.kind() != Token.Kind.OPERATOR) {
                break;
            }
            Op op = BINARY.get(t.text());
            if (op == null || op.precedence() < minPrecedence) {
                break;
            }
            next();
            Node right = expression(op.rightAssoc() ? op.precedence() : op.precedence() + 1);
            left = new Node.Binary(t.text(), left, right, t.pos());
        }
        return minPrecedence == 0 ? conditional(left) : left;
    }

    private Node conditional(Node cond) {
        while (peek().isPunct("?")) {
            Token q = next();
            if (peek().isPunct(":")) {
                next();
                Node otherwise = expression(0);
                cond = new Node.Conditional(cond, null, otherwise, q.pos());
            } else {
                Node then = expression(0);
                expectPunct(":");
                Node otherwise = expression(0);
                cond = new Node.Conditional(cond, then, otherwise, q.pos());
            }
        }
        return cond;
    }

    private Node unary() {
        Token t = peek();
        if (t.kind() == Token.Kind.OPERATOR && UNARY.containsKey(t.text())) {
            next();
            Node operand = expression(UNARY.get(t.text()));
            String op = t.text().equals("!") ? "not" : t.text();
            return postfix(new Node.Unary(op, operand, t.pos()));
        }
        return postfix(primary());
    }

    private Node primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return new Node.Literal(t.value(), t.pos());
            case STRING: {
                String v = (String) t.value();
                return new Node.Literal(v.length() <= 64 ? v.intern() : v, t.pos());
            }
            case NAME:
                return name(t);
            case PUNCT:
                if (t.text().equals("(")) {
                    Node inner = expression(0);
                    expectPunct(")");
                    return inner;
                }
                if (t.text().equals("[")) {
                    return array(t);
                }
                if (t.text().equals("{")) {
                    return map(t);
                }
                break;
            default:
                break;
        }
        throw error("Unexpected " + t.describe(), t);
    }

    private Node name(Token t) {
        String name = t.text();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "true":
                return new Node.Literal(Boolean.TRUE, t.pos());
            case "false":
                return new Node.Literal(Boolean.FALSE, t.pos());
            case "null":
                return new Node.Literal(null, t.pos());
            default:
                break;
        }
        if (peek().isPunct("(")) {
            next();
            return new Node.Call(name, arguments(), t.pos());
        }
        return new Node.Var(name, t.pos());
    }

    private List<Node> arguments() {
        List<Node> args = new ArrayList<>();
        if (peek().isPunct(")")) {
            next();
            return args;
        }
        while (true) {
            args.add(expression(0));
            Token t = next();
            if (t.isPunct(")")) {
                return args;
            }
            if (!t.isPunct(",")) {
                throw error("Expected ',' or ')' but found " + t.describe(), t);
            }
        }
    }

    private Node array(Token open) {
        List<Node> items = new ArrayList<>();
        if (peek().isPunct("]")) {
            next();
            return new Node.ArrayLit(items, open.pos());
        }
        while (true) {
            items.add(expression(0));
            Token t = next();
            if (t.isPunct("]")) {
                return new Node.ArrayLit(items, open.pos());
            }
            if (!t.isPunct(",")) {
                throw error("Expected ',' or ']' but found " + t.describe(), t);
            }
            if (peek().isPunct("]")) { // trailing comma
                next();
                return new Node.ArrayLit(items, open.pos());
            }
        }
    }

    private Node map(Token open) {
        List<String> keys = new ArrayList<>();
        List<Node> values = new ArrayList<>();
        if (peek().isPunct("}")) {
            next();
            return new Node.MapLit(keys, values, open.pos());
        }
        while (true) {
            Token k = next();
            String key;
            if (k.kind() == Token.Kind.NAME || k.kind() == Token.Kind.STRING) {
                key = k.kind() == Token.Kind.STRING ? (String) k.value() : k.text();
            } else if (k.kind() == Token.Kind.NUMBER) {
                key = k.text();
            } else {
                throw error("Expected a map key but found " + k.describe(), k);
            }
            if (keys.contains(key)) {
                throw error("Duplicate map key '" + key + "'", k);
            }
            expectPunct(":");
            keys.add(key);
            values.add(expression(0));
            Token t = next();
            if (t.isPunct("}")) {
                return new Node.MapLit(keys, values, open.pos());
            }
            if (!t.isPunct(",")) {
                throw error("Expected ',' or '}' but found " + t.describe(), t);
            }
        }
    }

    private Node postfix(Node node) {
        while (true) {
            Token t = peek();
            if (t.isPunct(".") || t.isOp("?.")) {
                boolean nullSafe = t.isOp("?.");
                next();
                Token name = next();
                if (name.kind() != Token.Kind.NAME && name.kind() != Token.Kind.NUMBER) {
                    throw error("Expected a property name after '" + t.text() + "' but found " + name.describe(),
                            name);
                }
                if (peek().isPunct("(") && name.kind() == Token.Kind.NAME) {
                    next();
                    node = new Node.MethodCall(node, name.text(), arguments(), nullSafe, name.pos());
                } else {
                    // Interned, like record field names, so field lookups compare references first.
                    node = new Node.Member(node, name.text().intern(), nullSafe, name.pos());
                }
            } else if (t.isPunct("[")) {
                next();
                Node index = expression(0);
                expectPunct("]");
                node = new Node.Index(node, index, t.pos());
            } else {
                return node;
            }
        }
    }
}
