package io.dataflows.beam.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.options.PipelineOptions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of a run on a remote Flink cluster. Beam's Flink runner submits a job attached and hands back no result
 * until it has ended, so nothing in Beam can cancel it: interrupting the wait leaves the job running on the cluster.
 * Each run's job therefore gets a name of its own, and a cancelled run cancels the job of that name through the
 * cluster's REST API ({@code GET /jobs/overview}, then {@code PATCH /jobs/<id>?mode=cancel}).
 */
public final class FlinkJobs {

    private static final Logger log = LoggerFactory.getLogger(FlinkJobs.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The masters of Flink's runner that run in this JVM: no cluster to call. */
    private static final Set<String> IN_PROCESS = Set.of("[local]", "[auto]", "[collection]");
    private static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "CANCELED");
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private FlinkJobs() {}

    /**
     * The REST address of the remote Flink cluster that {@code options} run on; empty for any other runner, and for
     * a master that is no address (Flink's runner then reports it when the pipeline starts).
     */
    public static Optional<URI> remoteMaster(PipelineOptions options) {
        if (options.getRunner() == null || !FlinkRunner.class.isAssignableFrom(options.getRunner())) {
            return Optional.empty();
        }
        String master = options.as(FlinkPipelineOptions.class).getFlinkMaster();
        if (master == null || master.isBlank() || IN_PROCESS.contains(master)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(master.contains("://") ? master : "http://" + master);
            return uri.getHost() == null ? Optional.empty() : Optional.of(uri);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * A copy of {@code options} whose job is named {@code jobName}, so that one run's options never name another
     * run's job; copied as Beam copies options to its workers (through their JSON form). Null when the options
     * cannot be copied (a value that has no JSON form): the run then goes on with a job it cannot cancel.
     */
    public static @Nullable PipelineOptions named(PipelineOptions options, String jobName) {
        try {
            PipelineOptions copy = JSON.readValue(JSON.writeValueAsString(options), PipelineOptions.class);
            copy.setJobName(jobName);
            return copy;
        } catch (IOException | RuntimeException e) {
            log.warn("The Beam options cannot be copied to name the Flink job ({}): a cancelled run will not cancel"
                    + " its job on the cluster", e.toString());
            return null;
        }
    }

    /**
     * Cancels the job named {@code jobName} on the cluster at {@code master}, waiting up to {@code wait} for it to
     * appear (a job being submitted when its run was cancelled). Failures are logged: the run is cancelled
     * anyway.
     *
     * @return whether a job of that name was asked to cancel
     */
    public static boolean cancel(URI master, String jobName, Duration wait) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (true) {
                Optional<String> job = runningJob(http, master, jobName);
                if (job.isPresent()) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            master.resolve("/jobs/" + job.get() + "?mode=cancel")).timeout(REQUEST_TIMEOUT)
                            .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 != 2) {
                        log.warn("Flink at {} refused to cancel job {} ('{}'): HTTP {} {}", master, job.get(),
                                jobName, response.statusCode(), response.body());
                        return false;
                    }
                    log.info("Cancelled Flink job {} ('{}') at {}", job.get(), jobName, master);
                    return true;
                }
                if (System.nanoTime() >= deadline) {
                    log.warn("No running Flink job '{}' at {} to cancel", jobName, master);
                    return false;
                }
                Thread.sleep(200);
            }
        } catch (IOException e) {
            log.warn("Could not cancel Flink job '{}' at {}: {}", jobName, master, e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The id of the job named {@code jobName} that has not ended yet, if there is one. */
    private static Optional<String> runningJob(HttpClient http, URI master, String jobName)
            throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(master.resolve("/jobs/overview"))
                .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /jobs/overview answered HTTP " + response.statusCode());
        }
        for (JsonNode job : JSON.readTree(response.body()).path("jobs")) {
            if (jobName.equals(job.path("name").asText()) && !ENDED.contains(job.path("state").asText())) {
                return Optional.of(job.path("jid").asText());
            }
        }
        return Optional.empty();
    }
}
