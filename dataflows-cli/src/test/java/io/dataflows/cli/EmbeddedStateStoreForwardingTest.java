package io.dataflows.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflows.spi.StateStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded store wraps the database store: a method of {@link StateStore} it does not override would run the
 * interface's default instead of the database store's own — the default of a newer method quietly drops what that
 * method adds (a run's trigger, its summary). So it overrides every one of them.
 */
class EmbeddedStateStoreForwardingTest {

    @Test
    void everyMethodOfTheStoreInterfaceIsForwarded() {
        List<String> missing = new ArrayList<>();
        for (Method m : StateStore.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                Method own = EmbeddedStateStore.class.getMethod(m.getName(), m.getParameterTypes());
                if (own.getDeclaringClass() != EmbeddedStateStore.class) {
                    missing.add(m.toGenericString());
                }
            } catch (NoSuchMethodException e) {
                missing.add(m.toGenericString());
            }
        }
        assertThat(missing).isEmpty();
    }
}
