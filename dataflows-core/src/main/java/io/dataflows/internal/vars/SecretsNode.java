package io.dataflows.internal.vars;

import io.dataflows.SecretProvider;
import io.dataflows.internal.expr.Access;
import io.dataflows.internal.expr.Lookup;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** {@code secrets.*}: looks secrets up on demand and registers each value with the run's {@link Redactor}. */
final class SecretsNode implements Lookup {

    private final SecretProvider provider;
    private final Redactor redactor;

    SecretsNode(SecretProvider provider, Redactor redactor) {
        this.provider = provider;
        this.redactor = redactor;
    }

    @Override
    public Object lookup(String key) {
        return provider.secret(key).map(v -> {
            redactor.add(v);
            return (Object) v;
        }).orElse(Access.MISSING);
    }

    @Override
    public Collection<String> keys() {
        return List.of(); // never enumerate secrets
    }

    @Override
    public Object materialize() {
        return Map.of(); // a whole-scope read never reveals secrets
    }
}
