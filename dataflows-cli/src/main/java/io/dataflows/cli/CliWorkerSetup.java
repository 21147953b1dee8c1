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
 */
final class CliWorkerSetup implements EngineSetup {

    private static final long serialVersionUID = 1L;

    private final LinkedHashMap<String, Object> globals;
    private final LinkedHashMap<String, String> cfg;
    private final String dataRoot;

    /**
     * @param globals the {@code --global} values (YAML scalars: text, numbers, booleans, null)
     * @param cfg the {@code --cfg} settings
     * @param dataRoot what {@code [dataroot]} stands for
     */
    CliWorkerSetup(Map<String, Object> globals, Map<String, String> cfg, Path dataRoot) {
        this.globals = new LinkedHashMap<>(globals);
        this.cfg = new LinkedHashMap<>(cfg);
        this.dataRoot = dataRoot.toAbsolutePath().toString(); // a Path is not serializable
    }

    @Override
    public void configure(DataflowEngine.Builder builder) {
        globals.forEach(builder::globalVar);
        cfg.forEach(builder::globalCfg);
        builder.dataRoot(Path.of(dataRoot));
        builder.secretProvider(SecretProvider.environment(CliSecrets.ENV_PREFIX));
    }
}
