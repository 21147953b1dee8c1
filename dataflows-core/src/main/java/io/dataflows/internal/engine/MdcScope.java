package io.dataflows.internal.engine;

import org.slf4j.MDC;

/** Sets an MDC key and restores its previous value (not just removes it) on close, so runs nest. */
final class MdcScope implements AutoCloseable {

    private final String key;
    private final String previous;

    private MdcScope(String key, String value) {
        this.key = key;
        this.previous = MDC.get(key);
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    static MdcScope put(String key, String value) {
        return new MdcScope(key, value);
    }

    @Override
    public void close() {
        if (previous == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, previous);
        }
    }
}
