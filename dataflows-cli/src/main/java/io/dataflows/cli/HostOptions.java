package io.dataflows.cli;

import io.dataflows.DataflowEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --cfg NAME=VALUE} and {@code --data-root DIR}: what the host application provided to flows written for
 * tool_dataflows, its settings ({@code global.cfg.*}) and its data directory ({@code [dataroot]} in paths).
 */
final class HostOptions {

    @Option(names = "--cfg", paramLabel = "NAME=VALUE",
            description = "Set global.cfg.NAME, a setting of the host that flows read (text, taken as it is).")
    List<String> cfg = new ArrayList<>();

    @Option(names = "--data-root", paramLabel = "DIR",
            description = "What a leading [dataroot] in a path stands for (default: the flow's directory). Paths "
                    + "under it still need to be permitted (the flow's directory, --allow).")
    Path dataRoot;

    /**
     * Sets the options on {@code builder}; {@code flowDir} is the data root without {@code --data-root}.
     *
     * @throws CommandLine.ParameterException for a {@code --cfg} that is not {@code NAME=VALUE}
     */
    void register(DataflowEngine.Builder builder, Path flowDir, Supplier<CommandLine> cmd) {
        cfgValues(cmd).forEach(builder::globalCfg);
        builder.dataRoot(dataRoot(flowDir));
    }

    /**
     * The {@code --cfg} settings by name.
     *
     * @throws CommandLine.ParameterException for a {@code --cfg} that is not {@code NAME=VALUE}
     */
    Map<String, String> cfgValues(Supplier<CommandLine> cmd) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String item : cfg) {
            int eq = item.indexOf('=');
            String name = eq < 0 ? "" : item.substring(0, eq);
            if (name.isEmpty() || name.contains(".")) {
                throw new CommandLine.ParameterException(cmd.get(), "Invalid value for --cfg: '" + item
                        + "' (expected NAME=VALUE, NAME without '.')");
            }
            values.put(name, item.substring(eq + 1));
        }
        return values;
    }

    /** What {@code [dataroot]} stands for: {@code --data-root}, else {@code flowDir}. */
    Path dataRoot(Path flowDir) {
        return dataRoot != null ? dataRoot : flowDir;
    }
}
