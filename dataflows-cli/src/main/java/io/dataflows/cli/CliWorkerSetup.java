package io.dataflows.cli;

import io.dataflows.DataflowEngine;
import io.dataflows.EngineSetup;
import io.dataflows.SecretProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the engines of a distributed run's workers get from the command line, sent to them with the pipeline: the
 * {@code --global} values, the {@code --cfg} settings and the data root, all plain values that are no secret; and
 * secrets read where each worker runs, from its own environment ({@code DATAFLOWS_SECRET_<NAME>}), so that no secret
 * travels with the job. With {@code --runner beam} and Flink's {@code [local]} cluster the workers run in the
 * command's process and see its environment.
 *
 * <p>SQL steps on the workers get the command's default connection, opened on a worker's first SQL statement: the
 * embedded database of the flows' data under the state directory (as the same user as the command's steps: the
 * reader in a dry run), or the {@code --data-db} URL — or with only {@code --db}, that URL — with the user and
 * password of the worker's own environment ({@value FlowDatabase#USER_VARIABLE} and
 * {@value FlowDatabase#PASSWORD_VARIABLE}, or {@value Database#USER_VARIABLE} and {@value Database#PASSWORD_VARIABLE}),
 * never a password read here. The embedded database is shared through H2's mixed mode: workers on the command's
 * machine only. Each worker engine's connection pool is closed when the worker discards the engine
 * ({@link #release}).
 */
final class CliWorkerSetup implements EngineSetup {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> globals;
    private final LinkedHashMap<String, String> cfg;
    private final String dataRoot;
    private final Data data;

    /**
     * The default connection of the workers' SQL steps.
     *
     * @param url a JDBC URL without a password in it; null for the embedded database under {@code stateDir}
     * @param sharesStateDatabase whether {@code url} is {@code --db}'s (its user and password variables)
     * @param stateDir the state directory
     * @param dryRun whether the run is a dry run (the embedded database's reading user)
     * @param tablePrefix what {@code {table}} names get before them
     */
    record Data(String url, boolean sharesStateDatabase, String stateDir, boolean dryRun, String tablePrefix)
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** The connection, opened on its first use. */
        FlowDatabase open() {
            if (url == null) {
                return FlowDatabase.embedded(Path.of(stateDir), dryRun);
            }
            Map<String, String> env = new LinkedHashMap<>();
            String user = System.getenv(sharesStateDatabase ? Database.USER_VARIABLE : FlowDatabase.USER_VARIABLE);
            String password = System.getenv(sharesStateDatabase ? Database.PASSWORD_VARIABLE
                    : FlowDatabase.PASSWORD_VARIABLE);
            if (user != null) {
                env.put(FlowDatabase.USER_VARIABLE, user);
            }
            if (password != null) {
                env.put(FlowDatabase.PASSWORD_VARIABLE, password);
            }
            return FlowDatabase.of(url, env);
        }
    }

    /**
     * @param globals the {@code --global} values (YAML scalars: text, numbers, booleans, null)
     * @param cfg the {@code --cfg} settings
     * @param dataRoot what {@code [dataroot]} stands for
     * @param data the default connection of SQL steps
     */
    CliWorkerSetup(Map<String, Object> globals, Map<String, String> cfg, Path dataRoot, Data data) {
        this.globals = new LinkedHashMap<>(globals);
        this.cfg = new LinkedHashMap<>(cfg);
        this.dataRoot = dataRoot.toAbsolutePath().toString(); // a Path is not serializable
        this.data = data;
    }

    @Override
    public void configure(DataflowEngine.Builder builder) {
        globals.forEach(builder::globalVar);
        cfg.forEach(builder::globalCfg);
        builder.dataRoot(Path.of(dataRoot));
        builder.secretProvider(SecretProvider.environment(CliSecrets.ENV_PREFIX));
        builder.dataSource("default", data.open()).tablePrefix(data.tablePrefix());
    }

    /** Closes the pool of the default connection that {@link #configure} opened for {@code engine}. */
    @Override
    public void release(DataflowEngine engine) {
        if (engine.dataSources().get("default") instanceof FlowDatabase opened) {
            opened.close();
        }
    }
}
