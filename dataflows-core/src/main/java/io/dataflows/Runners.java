package io.dataflows;

import io.dataflows.spi.DataflowRunner;
import io.dataflows.spi.RunnerProvider;
import io.dataflows.spi.RunnerSettings;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the runners that modules on the class path (or module path) offer through {@link RunnerProvider}, by name,
 * so that an application runs a dataflow on Apache Beam or Flink without compiling against those modules:
 *
 * <pre>{@code
 * DataflowRunner runner = Runners.create("flink", engine, RunnerSettings.builder().parallelism(2).build());
 * RunResult result = runner.start(flow, RunOptions.defaults()).await();
 * }</pre>
 *
 * <p>Providers are looked up anew on each call (only a name lookup, no runner is created). A provider that fails to
 * load is skipped and logged as a warning; two providers with the same name make the lookup fail with both class
 * names, as two step types with the same id do.
 */
public final class Runners {

    private static final Logger log = LoggerFactory.getLogger(Runners.class);

    private Runners() {}

    /** The providers found with the thread's context class loader (or core's), sorted by name. */
    public static List<RunnerProvider> providers() {
        return providers(defaultLoader());
    }

    /**
     * The providers found by {@link ServiceLoader} with {@code loader}, sorted by name.
     *
     * @throws IllegalStateException when two providers have the same name
     */
    public static List<RunnerProvider> providers(ClassLoader loader) {
        Map<String, RunnerProvider> byName = new TreeMap<>();
        Iterator<RunnerProvider> it = ServiceLoader.load(RunnerProvider.class, loader).iterator();
        while (true) {
            RunnerProvider provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                log.warn("A runner provider failed to load: {}", e.getMessage());
                continue;
            }
            RunnerProvider other = byName.putIfAbsent(provider.name(), provider);
            if (other != null) {
                throw new IllegalStateException("Two runners are named '" + provider.name() + "': "
                        + other.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return List.copyOf(byName.values());
    }

    /** The names of the runners found with the thread's context class loader, sorted. */
    public static List<String> names() {
        return providers().stream().map(RunnerProvider::name).toList();
    }

    /** The runner named {@code name} among those found with the thread's context class loader, if any. */
    public static Optional<RunnerProvider> find(String name) {
        return find(name, defaultLoader());
    }

    /** The runner named {@code name} among those found with {@code loader}, if any. */
    public static Optional<RunnerProvider> find(String name, ClassLoader loader) {
        return providers(loader).stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The runner {@code name} for {@code engine} with {@code settings}, found with the thread's context class loader.
     *
     * @throws IllegalArgumentException if no runner has that name (the message lists the names found), or if
     *     {@code settings} has an option the runner does not accept (the message lists those it accepts), or if the
     *     provider refuses a value
     */
    public static DataflowRunner create(String name, DataflowEngine engine, RunnerSettings settings) {
        List<RunnerProvider> providers = providers();
        RunnerProvider provider = providers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No runner named '" + name + "'; runners found: "
                        + (providers.isEmpty() ? "none" : String.join(", ",
                                providers.stream().map(RunnerProvider::name).toList()))));
        for (String option : settings.options().keySet()) {
            if (!provider.options().containsKey(option)) {
                throw new IllegalArgumentException("The runner '" + name + "' has no option '" + option + "'"
                        + (provider.options().isEmpty() ? "; it has none"
                                : "; its options: " + String.join(", ", new TreeMap<>(provider.options()).keySet())));
            }
        }
        return provider.create(engine, settings);
    }

    private static ClassLoader defaultLoader() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : Runners.class.getClassLoader();
    }
}
