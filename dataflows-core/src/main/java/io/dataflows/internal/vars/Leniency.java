package io.dataflows.internal.vars;

import io.dataflows.internal.expr.Unresolved;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lenient expressions for one run: an expression that cannot be resolved keeps its text, and one WARN per step,
 * field and expression says so (a flow step's templates are evaluated per record; the log is not). Reasons are
 * scrubbed of secret values; for a secret field they are not shown at all.
 */
public final class Leniency {

    private static final Logger log = LoggerFactory.getLogger("io.dataflows.expressions");

    private final Redactor redactor;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    Leniency(Redactor redactor) {
        this.redactor = redactor;
    }

    /**
     * What reports the unresolved expressions of {@code field} of {@code step} (null for the dataflow's own
     * variables); for a {@code secret} field without the reason, which may quote the secret.
     */
    public Unresolved at(String step, String field, boolean secret) {
        return (expression, reason) -> {
            if (reported.add(step + '\u0000' + field + '\u0000' + expression)) {
                String shown = secret ? SecretText.NOT_SHOWN : redactor.scrub(expression);
                log.warn("{}: expression {} in {} could not be resolved and is kept as text (lenient expressions): {}",
                        step == null ? "dataflow" : step, shown, field,
                        secret ? "the reason is not shown for a secret value" : redactor.scrub(reason));
            }
        };
    }
}
