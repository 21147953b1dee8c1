package io.dataflows.internal.engine;

import io.dataflows.HostFunctions;
import io.dataflows.RunListener;
import io.dataflows.SecretProvider;
import io.dataflows.Sleeper;
import io.dataflows.StepRegistry;
import io.dataflows.internal.expr.ExpressionEngine;
import io.dataflows.spi.StateStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The configuration of a {@code DataflowEngine}, shared by its runs. Immutable.
 *
 * @param dataSources named connections for SQL steps, in registration order (the first is the default)
 * @param tablePrefix replaces Moodle-style {@code {table}} names in SQL steps by {@code <prefix>table}
 * @param sleeper how steps wait ({@code StepContext.sleep})
 * @param baseDir where relative paths resolve when a run gives no base directory; null when there is none
 * @param hostFunctions the application's functions flows may call
 * @param services what step types look up by type ({@code StepContext.service})
 * @param globalCfg the host's settings, {@code global.cfg.*}; plain values, never expressions
 * @param dataRoot what a leading {@code [dataroot]} in a path stands for; null when the engine has none
 * @param locale the language of {@code userdate()}'s day and month names
 * @param lenientExpressions whether every run keeps the text of expressions it cannot resolve, as PHP did
 * @param readAhead whether readers that can may read ahead of the steps downstream, on a second thread
 * @param writeBehind whether writers that can may process their records on a thread of their own
 */
public record EngineSettings(StepRegistry registry, ExpressionEngine expressions, Map<String, Object> globalVars,
        List<Path> permittedDirs, StateStore store, SecretProvider secrets, List<RunListener> listeners, Clock clock,
        Map<String, String> env, PrintStream output, Path scratchRoot, Map<String, DataSource> dataSources,
        String tablePrefix, Sleeper sleeper, Path baseDir, HostFunctions hostFunctions,
        Map<Class<?>, Object> services, Map<String, Object> globalCfg, Path dataRoot, java.util.Locale locale,
        boolean lenientExpressions, boolean readAhead, boolean writeBehind) {}
