package io.dataflows.internal.vars;

import io.dataflows.ExpressionException;
import io.dataflows.internal.expr.CompiledTemplate;

/**
 * A definition value holding {@code ${{ }}} (a dataflow variable, a config value): stored as written and evaluated
 * each time it is read, in the scope of its owner, so it follows the variables it refers to.
 */
public final class LazyValue {

    private final String path;
    private final String raw;
    private final CompiledTemplate template;
    private final ExpressionException compileError;
    private final Scope owner;
    private boolean secret;

    LazyValue(String path, String raw, CompiledTemplate template, ExpressionException compileError, Scope owner) {
        this.path = path;
        this.raw = raw;
        this.template = template;
        this.compileError = compileError;
        this.owner = owner;
    }

    /** The absolute path of this value in the tree, for messages. */
    public String path() {
        return path;
    }

    /** The value as written. */
    public String raw() {
        return raw;
    }

    /** Marks the value secret: its failures no longer quote its text, and it prints as {@code *****}. */
    void hide() {
        secret = true;
    }

    boolean isSecret() {
        return secret;
    }

    Object resolve(VarTree tree) {
        if (compileError != null) {
            throw secret ? SecretText.hidden("the secret variable " + path, compileError) : compileError;
        }
        tree.enter(path);
        try {
            return template.evaluate(owner, tree.unresolved(null, path, secret));
        } catch (ExpressionException e) {
            if (secret && !e.getOriginalMessage().endsWith(SecretText.NOT_SHOWN)) {
                throw SecretText.hidden("the secret variable " + path, e);
            }
            throw e;
        } finally {
            tree.leave();
        }
    }

    @Override
    public String toString() {
        return secret ? Redactor.PLACEHOLDER : raw;
    }
}
