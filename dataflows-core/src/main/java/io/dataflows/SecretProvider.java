package io.dataflows;

import java.util.Map;
import java.util.Optional;

/**
 * Supplies the values of {@code secrets.<name>} in expressions. Secret values are used by steps but never appear in
 * logs, exports, run states, DOT output or error messages; they print as {@code *****}.
 */
@FunctionalInterface
public interface SecretProvider {

    /** The secret named {@code name}, if known. */
    Optional<String> secret(String name);

    /** A provider without secrets. */
    static SecretProvider none() {
        return name -> Optional.empty();
    }

    /** A provider backed by a map (copied). */
    static SecretProvider of(Map<String, String> secrets) {
        Map<String, String> copy = Map.copyOf(secrets);
        return name -> Optional.ofNullable(copy.get(name));
    }

    /**
     * A provider reading the process's environment variables: {@code secrets.db_password} is the variable
     * {@code <prefix>db_password} or, when that is not set, {@code <prefix>DB_PASSWORD} (the name upper-cased), e.g.
     * with prefix {@code DATAFLOWS_SECRET_}.
     */
    static SecretProvider environment(String prefix) {
        return environment(prefix, System.getenv());
    }

    /**
     * Like {@link #environment(String)} over the given variables (copied): the name as written first, then
     * upper-cased ({@link java.util.Locale#ROOT}). An empty value counts as not set.
     */
    static SecretProvider environment(String prefix, Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return name -> {
            String exact = copy.get(prefix + name);
            if (exact != null && !exact.isEmpty()) {
                return Optional.of(exact);
            }
            String upper = copy.get(prefix + name.toUpperCase(java.util.Locale.ROOT));
            return upper == null || upper.isEmpty() ? Optional.empty() : Optional.of(upper);
        };
    }

    /** This provider, then {@code next} for the names this one does not know. */
    default SecretProvider orElse(SecretProvider next) {
        return name -> {
            Optional<String> v = secret(name);
            return v.isPresent() ? v : next.secret(name);
        };
    }
}
