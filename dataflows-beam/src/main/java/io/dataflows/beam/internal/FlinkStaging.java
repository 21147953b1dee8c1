package io.dataflows.beam.internal;

import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.util.construction.resources.PipelineResources;

/**
 * What a job uploads to a remote Flink cluster. Beam's Flink runner stages the launching JVM's whole class path
 * with each job, Flink's own jars among them (about 40 % of the command's), although every Flink cluster has them:
 * they are left out. Beam's jars, the runner's and the step types' are staged as before.
 */
public final class FlinkStaging {

    private FlinkStaging() {}

    /**
     * Sets {@code options}' files to stage, unless they name some already (an empty list names none, and stands
     * for Beam's default): the class path Beam would stage
     * ({@link PipelineResources#detectClassPathResourcesToStage}) without Flink's jars ({@link #isFlinkJar}).
     */
    public static void leaveOutFlinkJars(PipelineOptions options) {
        FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
        if (flink.getFilesToStage() != null && !flink.getFilesToStage().isEmpty()) {
            return;
        }
        List<String> classPath = PipelineResources.detectClassPathResourcesToStage(
                FlinkRunner.class.getClassLoader(), options);
        flink.setFilesToStage(classPath.stream().filter(entry -> !isFlinkJar(entry)).toList());
    }

    /**
     * Whether the class path entry is one of Flink's own jars ({@code flink-runtime-1.19.1.jar} and the like),
     * which a Flink cluster has; Beam's runner for Flink ({@code beam-runners-flink-1.19-*.jar}) is not.
     */
    static boolean isFlinkJar(String entry) {
        Path name = Path.of(entry).getFileName();
        return name != null && name.toString().startsWith("flink-") && name.toString().endsWith(".jar");
    }
}
