package io.dataflows.beam;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A standalone Apache Flink 1.19 session cluster on loopback, as a user starts one from the jars: a JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}), each a JVM process of
 * its own, with the given class path and a {@code config.yaml} written into a directory of its own. {@link #start}
 * returns once the REST endpoint reports a registered task manager with its slots; {@link #close} kills both
 * processes. Their output goes to {@code jobmanager.log} and {@code taskmanager.log} in the directory, which
 * {@link #logs()} returns, for a test to print when it fails.
 */
final class StandaloneFlinkCluster implements AutoCloseable {

    /** How long the cluster may take to come up: two JVMs starting on a loaded machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");
    private static final Pattern SLOTS = Pattern.compile("\"slots-total\"\\s*:\\s*(\\d+)");

    private final Path dir;
    private final int restPort;
    private final int slots;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    /** Kills the processes when the test JVM exits without closing the cluster (a fork ended by a timeout). */
    private final Thread killOnExit = new Thread(this::kill, "kill the Flink cluster");

    private StandaloneFlinkCluster(Path dir, int restPort, int slots) {
        this.dir = dir;
        this.restPort = restPort;
        this.slots = slots;
    }

    /**
     * Writes the configuration into {@code dir}, starts the JobManager and the TaskManager with {@code classPath},
     * and waits until the task manager has registered its {@code slots} slots.
     *
     * @throws IllegalStateException if the cluster does not come up in time or a process exits; the processes are
     *     killed first, their logs stay in {@code dir}
     */
    static StandaloneFlinkCluster start(Path dir, String classPath, int slots) throws IOException, InterruptedException {
        int restPort = freePort();
        int rpcPort = freePort();
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Files.writeString(conf.resolve("config.yaml"), config(restPort, rpcPort, slots, tmp));
        StandaloneFlinkCluster cluster = new StandaloneFlinkCluster(dir, restPort, slots);
        Runtime.getRuntime().addShutdownHook(cluster.killOnExit);
        try {
            cluster.launch("jobmanager", classPath, List.of("-Xmx384m"),
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", conf);
            // The memory of the task manager's configuration (framework, task, network and managed) fits in these.
            cluster.launch("taskmanager", classPath, List.of("-Xmx448m", "-XX:MaxDirectMemorySize=256m"),
                    "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", conf);
            cluster.awaitSlots();
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /**
     * The cluster's configuration: everything on 127.0.0.1 with the given REST and RPC ports (the others chosen by
     * the system), a task manager of about 1 GB with {@code slots} slots, no restarts (a failing job fails at once).
     * A task manager started without Flink's scripts must be given each memory part, which add up to 1 GB here: the
     * scripts compute them from {@code taskmanager.memory.process.size}.
     */
    private static String config(int restPort, int rpcPort, int slots, Path tmp) {
        return String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slots,
                "parallelism.default: " + slots,
                "taskmanager.cpu.cores: " + slots,
                "taskmanager.memory.framework.heap.size: 128m",
                "taskmanager.memory.task.heap.size: 256m",
                "taskmanager.memory.framework.off-heap.size: 128m",
                "taskmanager.memory.task.off-heap.size: 0m",
                "taskmanager.memory.network.min: 128m",
                "taskmanager.memory.network.max: 128m",
                "taskmanager.memory.managed.size: 64m",
                "taskmanager.memory.jvm-metaspace.size: 256m",
                "taskmanager.memory.jvm-overhead.min: 64m",
                "taskmanager.memory.jvm-overhead.max: 64m",
                "restart-strategy.type: none",
                "io.tmp.dirs: " + tmp.toAbsolutePath(),
                "");
    }

    private void launch(String name, String classPath, List<String> jvmOptions, String mainClass, Path conf)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(conf.toAbsolutePath().toString());
        File log = dir.resolve(name + ".log").toFile();
        processes.add(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log).start());
    }

    /** Polls {@code GET /overview} until the task manager's slots are registered; fails if a process ends. */
    private void awaitSlots() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest overview = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restPort + "/overview"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("A Flink process exited with code " + process.exitValue()
                            + " before the cluster was up:\n" + logs());
                }
            }
            try {
                HttpResponse<String> response = http.send(overview, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && number(TASK_MANAGERS, response.body()) >= 1
                        && number(SLOTS, response.body()) >= slots) {
                    return;
                }
            } catch (ConnectException e) {
                last = "connection refused";
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The Flink cluster did not report " + slots + " slots at "
                + overview.uri() + " within " + START_TIMEOUT.toSeconds() + " s; last answer: " + last + "\n"
                + logs());
    }

    private static int number(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** {@code 127.0.0.1:PORT} of the JobManager's REST endpoint: the master to submit jobs to. */
    String master() {
        return "127.0.0.1:" + restPort;
    }

    /** The output of both processes so far, each under a heading. */
    String logs() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("jobmanager", "taskmanager")) {
            Path log = dir.resolve(name + ".log");
            text.append("----- ").append(name).append(" (").append(log).append(") -----\n");
            try {
                text.append(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(not started)\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return text.toString();
    }

    /** Kills both processes and waits for them to end. */
    @Override
    public void close() throws InterruptedException {
        kill();
        for (Process process : processes) {
            process.waitFor(30, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }

    private void kill() {
        for (Process process : processes) {
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
