package io.dataflows.internal.vars;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the secret values a run has used and replaces them with {@code *****} in text that leaves the engine:
 * error messages, exported variables, log lines, exceptions.
 */
public final class Redactor {

    public static final String PLACEHOLDER = "*****";

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    /** Registers a secret value; very short values are ignored (they would mangle ordinary text). */
    public void add(String secret) {
        if (secret != null && secret.length() >= 3 && !secret.equals(PLACEHOLDER)) {
            secrets.add(secret);
        }
    }

    /** Registers every text in a JSON-like value (a secret map's or list's texts are each secret). */
    public void addAll(Object value) {
        if (value instanceof String) {
            add((String) value);
        } else if (value instanceof Map) {
            ((Map<?, ?>) value).values().forEach(this::addAll);
        } else if (value instanceof Iterable) {
            ((Iterable<?>) value).forEach(this::addAll);
        }
    }

    public boolean isEmpty() {
        return secrets.isEmpty();
    }

    /** {@code text} with every known secret replaced by {@code *****}. */
    public String scrub(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        List<String> sorted = new ArrayList<>(secrets);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        String out = text;
        for (String s : sorted) {
            if (out.contains(s)) {
                out = out.replace(s, PLACEHOLDER);
            }
        }
        return out;
    }

    /** Scrubs every string of a JSON-like value, in place for mutable maps and lists; returns the value. */
    @SuppressWarnings("unchecked")
    public Object scrubDeep(Object v) {
        if (secrets.isEmpty()) {
            return v;
        }
        if (v instanceof String) {
            return scrub((String) v);
        }
        if (v instanceof Map) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) v).entrySet()) {
                e.setValue(scrubDeep(e.getValue()));
            }
        } else if (v instanceof List) {
            List<Object> list = (List<Object>) v;
            for (int i = 0; i < list.size(); i++) {
                list.set(i, scrubDeep(list.get(i)));
            }
        }
        return v;
    }

    /**
     * {@code t} itself when no message of it or its causes holds a known secret; otherwise a copy of the chain whose
     * messages are scrubbed, printing the original class names and keeping the stack traces — for logging a failure,
     * or handing it to the host, without the secret.
     */
    public Throwable scrubbed(Throwable t) {
        if (t == null || secrets.isEmpty() || !holdsSecret(t)) {
            return t;
        }
        return copy(t, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private boolean holdsSecret(Throwable t) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable x = t; x != null && seen.add(x); x = x.getCause()) {
            String m = x.getMessage();
            if (m != null && !m.equals(scrub(m))) {
                return true;
            }
            for (Throwable s : x.getSuppressed()) {
                if (holdsSecret(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private Throwable copy(Throwable t, Set<Throwable> seen) {
        seen.add(t);
        Throwable cause = t.getCause() == null || seen.contains(t.getCause()) ? null : copy(t.getCause(), seen);
        RedactedThrowable c = new RedactedThrowable(t.getClass().getName(), scrub(t.getMessage()), cause);
        c.setStackTrace(t.getStackTrace());
        for (Throwable s : t.getSuppressed()) {
            if (!seen.contains(s)) {
                c.addSuppressed(copy(s, seen));
            }
        }
        return c;
    }

    /** A stand-in for an exception whose message held a secret: same class name, scrubbed message, same trace. */
    static final class RedactedThrowable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String className;

        RedactedThrowable(String className, String message, Throwable cause) {
            super(message, cause);
            this.className = className;
        }

        @Override
        public String toString() {
            String m = getLocalizedMessage();
            return m != null ? className + ": " + m : className;
        }
    }
}
