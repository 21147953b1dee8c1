package io.dataflows.cli;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns SIGTERM and SIGINT into a request to stop, so that a server shuts down by itself and ends with exit code 0
 * rather than being ended by the JVM's own signal handling (exit 143 or 130, with running work cut short).
 *
 * <p>The JDK offers this only through {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every JDK
 * since 9), used here by reflection so that the build does not depend on an unsupported API. Where it is missing,
 * a shutdown hook asks for the stop instead and waits until the server is done; the JVM then exits with its own
 * code for the signal.
 */
final class SignalTrap {

    private static final String[] SIGNALS = {"TERM", "INT"};

    /** How long the fallback hook waits for the server to shut down. */
    private static final long HOOK_WAIT_SECONDS = 60;

    private final List<Object[]> previous; // pairs of (signal, handler before ours)
    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);

    private SignalTrap(List<Object[]> previous, Thread hook) {
        this.previous = previous;
        this.hook = hook;
    }

    /** Calls {@code onSignal} (on a thread of the JVM's) when SIGTERM or SIGINT arrives, from now until {@link #done}. */
    static SignalTrap install(Runnable onSignal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object handler = Proxy.newProxyInstance(SignalTrap.class.getClassLoader(), new Class<?>[] {handlerClass},
                    (proxy, method, args) -> {
                        if (method.getName().equals("handle")) {
                            onSignal.run();
                            return null;
                        }
                        return switch (method.getName()) {
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "SignalTrap";
                        };
                    });
            List<Object[]> previous = new ArrayList<>();
            for (String name : SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                previous.add(new Object[] {signal, handle.invoke(null, signal, handler)});
            }
            return new SignalTrap(previous, null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return withHook(onSignal);
        }
    }

    private static SignalTrap withHook(Runnable onSignal) {
        CountDownLatch[] doneRef = new CountDownLatch[1];
        Thread hook = new Thread(() -> {
            onSignal.run();
            try {
                doneRef[0].await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dataflows-serve-signal");
        SignalTrap trap = new SignalTrap(List.of(), hook);
        doneRef[0] = trap.done;
        Runtime.getRuntime().addShutdownHook(hook);
        return trap;
    }

    /** The server is shut down: signals get their previous handling again. */
    void done() {
        done.countDown();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, and has just been told that the server is done
            }
            return;
        }
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            for (Object[] p : previous) {
                handle.invoke(null, p[0], p[1]);
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            // the handlers stay ours: a later signal asks a finished server to stop, which does nothing
        }
    }
}
