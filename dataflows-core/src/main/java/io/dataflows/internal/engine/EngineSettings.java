package io.dataflows.internal.engine;

import io.dataflows.RunListener;
import io.dataflows.SecretProvider;
import io.dataflows.StepRegistry;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.spi.StateStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The configuration of a {@code DataflowEngine}, shared by its runs. Immutable. */
public record EngineSettings(StepRegistry registry, ExpressionEngine expressions, Map<String, Object> globalVars,
        List<Path> permittedDirs, StateStore store, SecretProvider secrets, List<RunListener> listeners, Clock clock,
        Map<String, String> env, PrintStream output, Path scratchRoot) {}
