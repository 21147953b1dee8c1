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
     * A provider reading environment variables: {@code secrets.db_password} is the variable
     * {@code <prefix>db_password}, e.g. with prefix {@code DATAFLOWS_SECRET_}.
     */
    static SecretProvider environment(String prefix) {
        return name -> Optional.ofNullable(System.getenv(prefix + name));
    }
}
