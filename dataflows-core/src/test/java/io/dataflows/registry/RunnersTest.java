package io.dataflows.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.RunHandle;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import io.dataflows.RunStatus;
import io.dataflows.Runners;
import io.dataflows.StateStores;
import io.dataflows.StepResult;
import io.dataflows.ValidationReport;
import io.dataflows.spi.DataflowRunner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.RunnerProvider;
import io.dataflows.spi.RunnerSettings;
import io.dataflows.spi.StateStore;
import io.dataflows.testkit.TestConnector;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runners are found by name through {@link RunnerProvider}, get their settings and record their runs. */
class RunnersTest {

    /**
     * Runs nothing: records the run through the engine and ends it cancelled with the reason made of its settings,
     * which shows the settings arrived and that a runner's cancelled run is recorded as such.
     */
    public static final class RecordingProvider implements RunnerProvider {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String description() {
            return "Records the run and cancels it.";
        }

        @Override
        public Map<String, String> options() {
            return Map.of("label", "Goes into the cancel reason.", "colour", "Unused.");
        }

        @Override
        public DataflowRunner create(DataflowEngine engine, RunnerSettings settings) {
            return new DataflowRunner() {
                @Override
                public String name() {
                    return "recording";
                }

                @Override
                public ValidationReport validate(Dataflow flow, RunOptions options) {
                    return engine.validate(flow, options);
                }

                @Override
                public RunHandle start(Dataflow flow, RunOptions options) {
                    String reason = settings.option("label").orElse("no label") + " x"
                            + settings.parallelism().orElse(0) + " in " + settings.permittedDirectories();
                    RunResult result = engine.runWith(flow, options, run -> {
                        Map<String, StepResult> steps = new LinkedHashMap<>();
                        flow.steps().forEach(s -> steps.put(s.alias(), StepResult.of(s.alias(), s.typeId(),
                                RunStatus.CANCELLED, 0, 0, Duration.ZERO)));
                        return RunResult.cancelled(flow.name(), run.runId(), run.dryRun(), reason, steps,
                                Instant.EPOCH, Instant.EPOCH);
                    });
                    return doneHandle(result);
                }
            };
        }
    }

    /** A second provider, to see the names listed in order. */
    public static final class AnotherProvider implements RunnerProvider {
        @Override
        public String name() {
            return "another";
        }

        @Override
        public String description() {
            return "Another.";
        }

        @Override
        public DataflowRunner create(DataflowEngine engine, RunnerSettings settings) {
            throw new UnsupportedOperationException("not used by the tests");
        }
    }

    /** Claims the name of {@link RecordingProvider}. */
    public static final class Impostor implements RunnerProvider {
        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String description() {
            return "Impostor.";
        }

        @Override
        public DataflowRunner create(DataflowEngine engine, RunnerSettings settings) {
            throw new UnsupportedOperationException("not used by the tests");
        }
    }

    private static RunHandle doneHandle(RunResult result) {
        return new RunHandle() {
            @Override
            public String dataflowName() {
                return result.dataflowName();
            }

            @Override
            public java.util.Optional<String> runId() {
                return java.util.Optional.of(result.runId());
            }

            @Override
            public RunStatus status() {
                return result.status();
            }

            @Override
            public boolean isDone() {
                return true;
            }

            @Override
            public boolean cancel(String reason) {
                return false;
            }

            @Override
            public java.util.concurrent.CompletableFuture<RunResult> result() {
                return java.util.concurrent.CompletableFuture.completedFuture(result);
            }
        };
    }

    private static ClassLoader loaderListing(Path dir, String... classNames) throws IOException {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve("io.dataflows.spi.RunnerProvider"), String.join("\n", classNames) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, RunnersTest.class.getClassLoader());
    }

    /** Calls {@code action} with {@code loader} as the thread's context class loader. */
    private static <T> T withLoader(ClassLoader loader, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    @Test
    void providersAreFoundByNameAndListedInOrder(@TempDir Path dir) throws Exception {
        ClassLoader loader = loaderListing(dir, RecordingProvider.class.getName(), AnotherProvider.class.getName());

        assertThat(Runners.find("recording", loader)).get().isInstanceOf(RecordingProvider.class);
        assertThat(Runners.find("spark", loader)).isEmpty();
        assertThat(Runners.providers(loader)).extracting(RunnerProvider::name).containsExactly("another", "recording");
        assertThat(withLoader(loader, Runners::names)).containsExactly("another", "recording");
    }

    @Test
    void withoutProvidersNothingIsFound() {
        assertThat(Runners.find("beam")).isEmpty();
        assertThat(Runners.names()).isEmpty();
        assertThatThrownBy(() -> Runners.create("beam", DataflowEngine.builder().build(), RunnerSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No runner named 'beam'; runners found: none");
    }

    @Test
    void anUnknownNameIsRefusedListingTheNamesFound(@TempDir Path dir) throws Exception {
        ClassLoader loader = loaderListing(dir, RecordingProvider.class.getName(), AnotherProvider.class.getName());
        DataflowEngine engine = DataflowEngine.builder().build();

        assertThatThrownBy(() -> withLoader(loader, () -> Runners.create("spark", engine, RunnerSettings.defaults())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No runner named 'spark'; runners found: another, recording");
    }

    @Test
    void anOptionTheRunnerDoesNotListIsRefusedBeforeItIsCreated(@TempDir Path dir) throws Exception {
        ClassLoader loader = loaderListing(dir, RecordingProvider.class.getName(), AnotherProvider.class.getName());
        DataflowEngine engine = DataflowEngine.builder().build();

        assertThatThrownBy(() -> withLoader(loader, () -> Runners.create("recording", engine,
                RunnerSettings.builder().option("master", "[local]").build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The runner 'recording' has no option 'master'; its options: colour, label");
        assertThatThrownBy(() -> withLoader(loader, () -> Runners.create("another", engine,
                RunnerSettings.builder().option("master", "[local]").build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The runner 'another' has no option 'master'; it has none");
    }

    @Test
    void theRunnerGetsItsSettingsAndItsCancelledRunIsRecordedWithTheReason(@TempDir Path dir) throws Exception {
        ClassLoader loader = loaderListing(dir, RecordingProvider.class.getName());
        StateStore store = StateStores.inMemory();
        DataflowEngine engine = DataflowEngine.builder().stateStore(store)
                .stepRegistry(io.dataflows.StepRegistry.builder().add(new TestConnector()).build()).build();
        Dataflow flow = Dataflow.builder("remote").step("only", io.dataflows.StepSpec.of(TestConnector.ID, Map.of())).build();
        RunnerSettings settings = RunnerSettings.builder().option("label", "tagged").parallelism(3)
                .permittedDirectory(Path.of("/data")).build();

        DataflowRunner runner = withLoader(loader, () -> Runners.create("recording", engine, settings));
        RunResult result = runner.start(flow, RunOptions.defaults()).await();

        assertThat(runner.name()).isEqualTo("recording");
        assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(result.cancelReason()).contains("tagged x3 in [/data]");
        assertThat(result.steps().get("only").status()).isEqualTo(RunStatus.CANCELLED);
        List<RunRecord> runs = store.runs("remote");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).status()).isEqualTo("cancelled");
        assertThat(runs.get(0).error()).isEqualTo("tagged x3 in [/data]");
        assertThat(runs.get(0).id()).isEqualTo(result.runId());
    }

    @Test
    void twoProvidersWithOneNameFailNamingBothClasses(@TempDir Path dir) throws IOException {
        ClassLoader loader = loaderListing(dir, RecordingProvider.class.getName(), Impostor.class.getName());

        assertThatThrownBy(() -> Runners.find("recording", loader))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Two runners are named 'recording': " + RecordingProvider.class.getName() + " and "
                        + Impostor.class.getName());
    }

    @Test
    void aProviderThatFailsToLoadIsSkipped(@TempDir Path dir) throws IOException {
        ClassLoader loader = loaderListing(dir, "com.example.DoesNotExist", AnotherProvider.class.getName());

        assertThat(Runners.providers(loader)).extracting(RunnerProvider::name).containsExactly("another");
    }

    @Test
    void settingsRefuseWhatNoRunnerCouldUse() {
        assertThatThrownBy(() -> RunnerSettings.builder().parallelism(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("parallelism must be at least 1: 0");
        assertThatThrownBy(() -> RunnerSettings.builder().option("master", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the runner option 'master' must not be blank");
        assertThat(RunnerSettings.defaults().parallelism()).isEmpty();
        assertThat(RunnerSettings.defaults().options()).isEmpty();
    }
}
