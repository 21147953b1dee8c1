package io.dataflows.internal.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dataflows.internal.util.Json;
import io.dataflows.spi.QueuedEvent;
import io.dataflows.spi.RunOwner;
import io.dataflows.spi.RunRecord;
import io.dataflows.spi.ScheduleState;
import io.dataflows.spi.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps state as JSON files in a directory, so separate processes on one machine (two {@code dataflows run}) share
 * it. Each write goes to a temporary file that is moved into place; the run lock is an OS file lock, released when
 * the process ends even if it crashes.
 *
 * <p>Layout: {@code <dir>/<dataflow>/vars.json}, {@code steps.json}, {@code runs/<n>.json}, {@code run.lock},
 * {@code schedule.json}, {@code events/<id>.json}. While run {@code n} is processing, the empty file
 * {@code runs/<n>.processing} marks it, so that finding the runs of dead processes reads only those runs, not the
 * whole history.
 *
 * <p><b>Event queue.</b> One file per queued event, {@code <dataflow>/events/<id>.json} (the id zero-padded to 19
 * digits, so that name order is publishing order), holding the event and the run that claimed it. Every queue
 * operation holds the queue lock — a lock of this JVM, then an OS lock of {@code .events/queue.lock} — so that
 * claims are exactly-once between the threads and processes sharing the directory; {@code .events/} keeps the
 * last id given and, per claiming run, the list of the files it claimed.
 */
public final class DirectoryStateStore implements StateStore {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final Pattern PROCESSING_MARKER = Pattern.compile("(\\d+)\\.processing");
    private static final Pattern RUN_FILE = Pattern.compile("(\\d{1,18})\\.json");
    private static final Pattern EVENT_FILE = Pattern.compile("(\\d{19})\\.json");

    /**
     * The queue operations of this JVM, one at a time per state directory: the file lock that serialises them
     * between processes belongs to the whole process, and a second lock of it from this JVM would fail.
     */
    private static final Map<Path, ReentrantLock> QUEUE_LOCKS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Map<String, Object> jvmLocks = new ConcurrentHashMap<>();

    public DirectoryStateStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    private Path flowDir(String dataflow) {
        Path p = dir.resolve(safe(dataflow));
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create state directory " + p, e);
        }
        return p;
    }

    /** A file name for a dataflow name: letters, digits, '-', '_' and '.' kept, the rest hex-escaped. */
    static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%04x", (int) c));
            }
        }
        String s = sb.toString();
        return s.isEmpty() || s.startsWith(".") ? "%" + s : s;
    }

    @Override
    public synchronized Map<String, Object> loadVariables(String dataflow) {
        return read(flowDir(dataflow).resolve("vars.json"));
    }

    @Override
    public synchronized void saveVariables(String dataflow, Map<String, Object> variables) {
        write(flowDir(dataflow).resolve("vars.json"), Json.write(variables));
    }

    @Override
    public synchronized Optional<Object> stepState(String dataflow, String step, String key) {
        Map<String, Object> all = read(flowDir(dataflow).resolve("steps.json"));
        Object stepMap = all.get(step);
        if (stepMap instanceof Map) {
            return Optional.ofNullable(((Map<?, ?>) stepMap).get(key));
        }
        return Optional.empty();
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void putStepState(String dataflow, String step, String key, Object value) {
        Path file = flowDir(dataflow).resolve("steps.json");
        Map<String, Object> all = read(file);
        Map<String, Object> stepMap = all.get(step) instanceof Map ? (Map<String, Object>) all.get(step)
                : new LinkedHashMap<>();
        stepMap.put(key, value);
        all.put(step, stepMap);
        write(file, Json.write(all));
    }

    @Override
    public RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner) {
        return startRun(dataflow, dryRun, startedAt, startState, owner, null);
    }

    @Override
    public synchronized RunRecord startRun(String dataflow, boolean dryRun, Instant startedAt, String startState,
            RunOwner owner, String trigger) {
        Path runs = flowDir(dataflow).resolve("runs");
        try {
            Files.createDirectories(runs);
            // The run number is taken by creating its file: atomic across processes.
            for (int n = countRuns(runs) + 1; ; n++) {
                Path file = runs.resolve(n + ".json");
                try {
                    Files.createFile(file);
                } catch (java.nio.file.FileAlreadyExistsException taken) {
                    continue;
                }
                RunRecord r = new RunRecord(UUID.randomUUID().toString(), dataflow, String.valueOf(n), dryRun,
                        "processing", startedAt, null, startState, null, null, owner, trigger);
                Files.write(runs.resolve(n + ".processing"), new byte[0]);
                write(file, Json.write(toMap(r)));
                return r;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record the run in " + runs, e);
        }
    }

    private static int countRuns(Path runs) throws IOException {
        try (var s = Files.list(runs)) {
            return (int) s.filter(p -> p.getFileName().toString().matches("\\d+\\.json")).count();
        }
    }

    @Override
    public void finishRun(RunRecord run, String status, Instant finishedAt, String endState, String error) {
        finishRun(run, status, finishedAt, endState, error, null);
    }

    @Override
    public synchronized void finishRun(RunRecord run, String status, Instant finishedAt, String endState,
            String error, String summary) {
        Path runs = flowDir(run.dataflow()).resolve("runs");
        write(runs.resolve(run.name() + ".json"),
                Json.write(toMap(run.finished(status, finishedAt, endState, error, summary))));
        deleteMarker(runs.resolve(run.name() + ".processing"));
    }

    private static void deleteMarker(Path marker) {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + marker, e);
        }
    }

    @Override
    public synchronized List<RunRecord> abortDeadRuns(Predicate<RunRecord> dead, Instant at) {
        List<RunRecord> aborted = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return aborted;
        }
        try (var flows = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path flow : flows) {
                Path runs = flow.resolve("runs");
                if (!Files.isDirectory(runs)) {
                    continue;
                }
                try (var markers = Files.newDirectoryStream(runs, "*.processing")) {
                    for (Path marker : markers) {
                        Matcher m = PROCESSING_MARKER.matcher(marker.getFileName().toString());
                        if (!m.matches()) {
                            continue;
                        }
                        Path file = runs.resolve(m.group(1) + ".json");
                        Map<String, Object> map = read(file);
                        if (map.isEmpty()) {
                            continue; // being started right now
                        }
                        RunRecord run = fromMap(map, m.group(1));
                        if (!"processing".equals(run.status())) {
                            deleteMarker(marker); // left by a process that died between two writes
                        } else if (dead.test(run) && "processing".equals(read(file).get("status"))) {
                            // read again: a run that ended meanwhile keeps its own end
                            RunRecord done = run.finished("aborted", at, null, RunRecord.PROCESS_DIED);
                            write(file, Json.write(toMap(done)));
                            deleteMarker(marker);
                            aborted.add(done);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot look for the runs of dead processes in " + dir, e);
        }
        return aborted;
    }

    @Override
    public synchronized List<RunRecord> runs(String dataflow) {
        Path runs = flowDir(dataflow).resolve("runs");
        List<RunRecord> out = new ArrayList<>();
        if (!Files.isDirectory(runs)) {
            return out;
        }
        for (int n = 1; ; n++) {
            Path file = runs.resolve(n + ".json");
            if (!Files.exists(file)) {
                break;
            }
            Map<String, Object> m = read(file);
            if (m.isEmpty()) {
                continue;
            }
            RunRecord r = fromMap(m, String.valueOf(n));
            out.add(new RunRecord(r.id(), dataflow, r.name(), r.dryRun(), r.status(), r.startedAt(), r.finishedAt(),
                    r.startState(), r.endState(), r.error(), r.owner(), r.trigger(), r.summary()));
        }
        return out;
    }

    /**
     * Reads, per dataflow, only its {@code limit} highest-numbered runs: a dataflow's numbers follow its start
     * times, so its newest runs are among them.
     */
    @Override
    public synchronized List<RunRecord> recentRuns(String dataflow, int limit) {
        Limits.check(limit);
        List<RunRecord> out = new ArrayList<>();
        try {
            List<Path> flows = new ArrayList<>();
            if (dataflow != null) {
                flows.add(flowDir(dataflow));
            } else if (Files.isDirectory(dir)) {
                try (var all = Files.newDirectoryStream(dir, p -> Files.isDirectory(p)
                        && !p.getFileName().toString().startsWith("."))) {
                    all.forEach(flows::add);
                }
            }
            for (Path flow : flows) {
                Path runs = flow.resolve("runs");
                if (!Files.isDirectory(runs)) {
                    continue;
                }
                List<Long> numbers = new ArrayList<>();
                try (var files = Files.newDirectoryStream(runs, "*.json")) {
                    for (Path f : files) {
                        Matcher m = RUN_FILE.matcher(f.getFileName().toString());
                        if (m.matches()) {
                            numbers.add(Long.parseLong(m.group(1)));
                        }
                    }
                }
                numbers.sort(java.util.Comparator.reverseOrder());
                for (Long n : numbers.subList(0, Math.min(limit, numbers.size()))) {
                    Map<String, Object> m = read(runs.resolve(n + ".json"));
                    if (!m.isEmpty()) {
                        out.add(fromMap(m, String.valueOf(n)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the runs in " + dir, e);
        }
        out.sort(NEWEST_FIRST);
        return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    private static RunRecord fromMap(Map<String, Object> m, String name) {
        RunOwner owner = null;
        if (m.get("owner") instanceof Map) {
            Map<?, ?> o = (Map<?, ?>) m.get("owner");
            if (o.get("host") instanceof String && o.get("pid") instanceof Number) {
                owner = new RunOwner((String) o.get("host"), ((Number) o.get("pid")).longValue(),
                        o.get("processstart") == null ? null : Instant.parse((String) o.get("processstart")));
            }
        }
        return new RunRecord((String) m.get("id"), (String) m.get("dataflow"), name,
                Boolean.TRUE.equals(m.get("dryrun")), (String) m.get("status"),
                m.get("startedat") == null ? null : Instant.parse((String) m.get("startedat")),
                m.get("finishedat") == null ? null : Instant.parse((String) m.get("finishedat")),
                (String) m.get("startstate"), (String) m.get("endstate"), (String) m.get("error"), owner,
                (String) m.get("trigger"), (String) m.get("summary"));
    }

    private static Map<String, Object> toMap(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("dataflow", r.dataflow());
        m.put("name", r.name());
        m.put("dryrun", r.dryRun());
        m.put("status", r.status());
        m.put("startedat", r.startedAt() == null ? null : r.startedAt().toString());
        m.put("finishedat", r.finishedAt() == null ? null : r.finishedAt().toString());
        m.put("startstate", r.startState());
        m.put("endstate", r.endState());
        m.put("error", r.error());
        m.put("trigger", r.trigger());
        if (r.summary() != null) {
            m.put("summary", r.summary());
        }
        if (r.owner() != null) {
            Map<String, Object> owner = new LinkedHashMap<>();
            owner.put("host", r.owner().host());
            owner.put("pid", r.owner().pid());
            owner.put("processstart", r.owner().processStart() == null ? null : r.owner().processStart().toString());
            m.put("owner", owner);
        }
        return m;
    }

    // ---- event queue -------------------------------------------------------------------------------------------

    /** A queue operation, run while holding the queue lock. */
    @FunctionalInterface
    private interface QueueAction<T> {
        T run() throws IOException;
    }

    /** {@code <dir>/.events}: the queue's lock, last id and claim lists (no dataflow's directory starts with '.'). */
    private Path queueDir() {
        return dir.resolve(".events");
    }

    /**
     * Runs {@code action} holding the queue lock: first this JVM's lock of the directory, then an OS lock of
     * {@code .events/queue.lock} that excludes the other processes (and that ends with a process that dies).
     */
    private <T> T withQueue(String what, QueueAction<T> action) {
        ReentrantLock jvm = QUEUE_LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        jvm.lock();
        try {
            Files.createDirectories(queueDir());
            try (FileChannel channel = FileChannel.open(queueDir().resolve("queue.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock held = channel.lock()) {
                return action.run();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot " + what + " in " + dir, e);
        } finally {
            jvm.unlock();
        }
    }

    private Path eventsDir(String dataflow) {
        return flowDir(dataflow).resolve("events");
    }

    /** The queued events of a dataflow's directory, oldest first, with their ids. */
    private static List<Path> eventFiles(Path events, long afterId) throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(events)) {
            return files;
        }
        try (var all = Files.newDirectoryStream(events, "*.json")) {
            for (Path f : all) {
                Matcher m = EVENT_FILE.matcher(f.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(1)) > afterId) {
                    files.add(f);
                }
            }
        }
        files.sort(null); // the ids are zero-padded: name order is id order
        return files;
    }

    @Override
    public long enqueueEvent(String dataflow, String eventName, String dataJson, Instant publishedAt) {
        return withQueue("queue an event for dataflow '" + dataflow + "'", () -> {
            Path lastId = queueDir().resolve("last-id");
            long id = (Files.exists(lastId) ? Long.parseLong(Files.readString(lastId, StandardCharsets.UTF_8).trim())
                    : 0) + 1;
            // The id is taken before the event is written: a crash in between leaves a gap, never a reused id.
            write(lastId, Long.toString(id));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("dataflow", dataflow);
            m.put("eventname", eventName);
            m.put("data", dataJson);
            m.put("publishedat", publishedAt.toString());
            m.put("claimedby", null);
            m.put("claimedrun", null);
            Path events = eventsDir(dataflow);
            Files.createDirectories(events);
            write(events.resolve(String.format("%019d.json", id)), Json.write(m));
            return id;
        });
    }

    /**
     * Claims under the queue lock, so no other claimer of any process reads the files in between. Each claim
     * records the number of the claiming run, so that a later claimer can tell whether that run has ended, and the
     * claimed files are listed in {@code .events/claims/<run id>} for {@link #settleEvents}.
     */
    @Override
    public List<QueuedEvent> claimEvents(String dataflow, String runId, int limit) {
        Limits.check(limit);
        return withQueue("claim the queued events of dataflow '" + dataflow + "'", () -> {
            Path flow = flowDir(dataflow);
            List<QueuedEvent> claimed = new ArrayList<>();
            List<String> index = new ArrayList<>();
            String runNumber = null;
            boolean looked = false;
            Map<String, Boolean> ended = new HashMap<>();
            for (Path file : eventFiles(flow.resolve("events"), 0)) {
                if (claimed.size() >= limit) {
                    break;
                }
                Map<String, Object> m = read(file);
                Object by = m.get("claimedby");
                if (m.isEmpty() || by != null && !ended.computeIfAbsent(String.valueOf(m.get("claimedrun")),
                        run -> hasEnded(flow, (String) m.get("claimedrun")))) {
                    continue;
                }
                if (!looked) {
                    runNumber = processingRunNumber(flow, runId);
                    looked = true;
                }
                m.put("claimedby", runId);
                m.put("claimedrun", runNumber);
                write(file, Json.write(m));
                claimed.add(event(m));
                index.add(dir.relativize(file).toString());
            }
            if (!index.isEmpty()) {
                Path claims = queueDir().resolve("claims");
                Files.createDirectories(claims);
                Files.write(claims.resolve(safe(runId)), index, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            return claimed;
        });
    }

    /**
     * Whether run {@code number} of a dataflow has ended; a claim by a run that was not found when it claimed
     * ({@code number} null) stands.
     */
    private static boolean hasEnded(Path flow, String number) {
        if (number == null) {
            return false;
        }
        Map<String, Object> run = read(flow.resolve("runs").resolve(number + ".json"));
        return !run.isEmpty() && !"processing".equals(run.get("status"));
    }

    /** The number of the processing run {@code runId} of a dataflow, or null when it is not one. */
    private static String processingRunNumber(Path flow, String runId) throws IOException {
        Path runs = flow.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return null;
        }
        try (var markers = Files.newDirectoryStream(runs, "*.processing")) {
            for (Path marker : markers) {
                Matcher m = PROCESSING_MARKER.matcher(marker.getFileName().toString());
                if (m.matches() && runId.equals(read(runs.resolve(m.group(1) + ".json")).get("id"))) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    private static QueuedEvent event(Map<String, Object> m) {
        return new QueuedEvent(((Number) m.get("id")).longValue(), (String) m.get("dataflow"),
                (String) m.get("eventname"), (String) m.get("data"), Instant.parse((String) m.get("publishedat")),
                (String) m.get("claimedby"));
    }

    @Override
    public List<QueuedEvent> queuedEvents(String dataflow, long afterId, int limit) {
        Limits.check(limit);
        return withQueue("read the queued events of dataflow '" + dataflow + "'", () -> {
            List<QueuedEvent> out = new ArrayList<>();
            for (Path file : eventFiles(eventsDir(dataflow), afterId)) {
                if (out.size() >= limit) {
                    break;
                }
                Map<String, Object> m = read(file);
                if (!m.isEmpty()) {
                    out.add(event(m));
                }
            }
            return out;
        });
    }

    @Override
    public int settleEvents(String runId, boolean consumed) {
        return withQueue("settle the events of run " + runId, () -> {
            Path index = queueDir().resolve("claims").resolve(safe(runId));
            if (!Files.exists(index)) {
                return 0;
            }
            int settled = 0;
            for (String line : new java.util.LinkedHashSet<>(Files.readAllLines(index, StandardCharsets.UTF_8))) {
                Path file = dir.resolve(line).normalize();
                if (!file.startsWith(dir) || !Files.exists(file)) {
                    continue; // cleared meanwhile
                }
                Map<String, Object> m = read(file);
                if (!runId.equals(m.get("claimedby"))) {
                    continue; // taken over by another run after this one ended
                }
                if (consumed) {
                    Files.deleteIfExists(file);
                } else {
                    m.put("claimedby", null);
                    m.put("claimedrun", null);
                    write(file, Json.write(m));
                }
                settled++;
            }
            Files.delete(index);
            return settled;
        });
    }

    @Override
    public int clearEvents(String dataflow) {
        return withQueue("delete the queued events of dataflow '" + dataflow + "'", () -> {
            int n = 0;
            for (Path file : eventFiles(eventsDir(dataflow), 0)) {
                if (Files.deleteIfExists(file)) {
                    n++;
                }
            }
            return n;
        });
    }

    // ---- schedules ---------------------------------------------------------------------------------------------

    @Override
    public synchronized Optional<ScheduleState> schedule(String dataflow) {
        Map<String, Object> m = read(flowDir(dataflow).resolve("schedule.json"));
        if (m.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ScheduleState(instantOrNull(m.get("lastrunat")), instantOrNull(m.get("nextrunat")),
                ((Number) m.get("retrynumber")).intValue()));
    }

    private static Instant instantOrNull(Object text) {
        return text == null ? null : Instant.parse((String) text);
    }

    @Override
    public synchronized void saveSchedule(String dataflow, ScheduleState state) {
        Objects.requireNonNull(state, "state");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lastrunat", state.lastRunAt() == null ? null : state.lastRunAt().toString());
        m.put("nextrunat", state.nextRunAt() == null ? null : state.nextRunAt().toString());
        m.put("retrynumber", state.retryNumber());
        write(flowDir(dataflow).resolve("schedule.json"), Json.write(m));
    }

    /** Under the queue lock, so that no process reads or writes the schedule between the comparison and the write. */
    @Override
    public boolean advanceSchedule(String dataflow, Instant due, ScheduleState next) {
        Objects.requireNonNull(next, "next");
        return withQueue("advance the schedule of dataflow '" + dataflow + "'", () -> {
            synchronized (this) {
                if (!schedule(dataflow).map(s -> s.isNextDueAt(due)).orElse(false)) {
                    return false;
                }
                saveSchedule(dataflow, next);
                return true;
            }
        });
    }

    @Override
    public synchronized void deleteSchedule(String dataflow) {
        deleteMarker(flowDir(dataflow).resolve("schedule.json"));
    }

    // ---- lock --------------------------------------------------------------------------------------------------

    @Override
    public Optional<Lock> tryLock(String dataflow) {
        Path file = flowDir(dataflow).resolve("run.lock");
        Object token = new Object();
        if (jvmLocks.putIfAbsent(dataflow, token) != null) {
            return Optional.empty(); // held by this JVM: FileLock is per process, not per thread
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                jvmLocks.remove(dataflow, token);
                return Optional.empty();
            }
            FileLock held = lock;
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + " " + Instant.now() + "\n")
                    .getBytes(StandardCharsets.UTF_8)));
            return Optional.of(new Lock() {
                private boolean released;

                @Override
                public synchronized void close() {
                    if (released) {
                        return;
                    }
                    released = true;
                    try {
                        held.release();
                        channel.close();
                    } catch (IOException ignored) {
                        // closing the channel releases the lock anyway
                    } finally {
                        jvmLocks.remove(dataflow, token);
                    }
                }
            });
        } catch (IOException e) {
            jvmLocks.remove(dataflow, token);
            throw new UncheckedIOException("Cannot open lock file " + file, e);
        }
    }

    private static Map<String, Object> read(Path file) {
        if (!Files.exists(file)) {
            return new LinkedHashMap<>();
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return new LinkedHashMap<>();
            }
            return Json.mapper().readValue(text, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read state file " + file, e);
        }
    }

    private static void write(Path file, String json) {
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort
            }
            throw new UncheckedIOException("Cannot write state file " + file, e);
        }
    }
}
