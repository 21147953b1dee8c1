package io.dataflows.internal.vars;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the secret values a run has used and replaces them with {@code *****} in text that leaves the engine:
 * error messages, exported variables, log lines.
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
}
