package io.dataflows.examples;

import static io.dataflows.steps.Steps.alter;
import static io.dataflows.steps.Steps.arrayReader;
import static io.dataflows.steps.Steps.flowUpdateUser;
import static io.dataflows.steps.Steps.webService;

import io.dataflows.DataRecord;
import io.dataflows.Dataflow;
import io.dataflows.DataflowEngine;
import io.dataflows.HostCall;
import io.dataflows.RunOptions;
import io.dataflows.RunResult;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An application that lets flows call two of its own functions (see docs/host-functions.md): {@code find_user}, a
 * read-only lookup, and {@code update_user}, which changes its user directory. The flow looks each incoming row up
 * by e-mail with {@code flow_web_service} (unknown addresses are skipped), then updates the user's city with
 * {@code flow_update_user}. A dry run calls the lookup but not the update; the real run does both.
 *
 * <p>Run it with {@code ./mvnw -q -pl dataflows-examples -am test-compile exec:java
 * -Dexec.mainClass=io.dataflows.examples.HostFunctionsExample}.
 */
public final class HostFunctionsExample {

    /** The application's users, by id: what the host functions read and change. Thread-safe. */
    private final Map<Long, Map<String, Object>> users = new ConcurrentHashMap<>();

    /** A directory with two users. */
    public HostFunctionsExample() {
        users.put(1L, user(1L, "aroha@example.org", "Auckland"));
        users.put(2L, user(2L, "ben@example.org", "Sydney"));
    }

    private static Map<String, Object> user(long id, String email, String city) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", id);
        user.put("email", email);
        user.put("city", city);
        return user;
    }

    /** The users as they are now, by id. */
    public Map<Long, Map<String, Object>> users() {
        return new TreeMap<>(users);
    }

    /** {@code find_user}: the user with the e-mail address {@code email}; fails when there is none. */
    private Object findUser(HostCall call) {
        Object email = call.parameters().get("email");
        return users.values().stream().filter(u -> u.get("email").equals(email)).findFirst()
                .map(Map::copyOf)
                .orElseThrow(() -> new IllegalArgumentException("no user with e-mail " + email));
    }

    /** {@code update_user}: sets the given fields of user {@code userid}; returns the fields it changed. */
    private Object updateUser(HostCall call) {
        long id = ((Number) call.parameters().get("userid")).longValue();
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) call.parameters().get("fields");
        Map<String, Object> user = users.get(id);
        if (user == null) {
            throw new IllegalArgumentException("no user " + id);
        }
        synchronized (user) {
            user.putAll(fields);
        }
        return fields.keySet().stream().sorted().toList();
    }

    /** The engine: the built-in step types and this application's two functions. */
    public DataflowEngine engine(PrintStream out) {
        return DataflowEngine.builder()
                .output(out)
                .readOnlyHostFunction("find_user", this::findUser)
                .hostFunction("update_user", this::updateUser)
                .build();
    }

    /** Moves: each row's user, found by e-mail, gets the row's city. */
    public static Dataflow moves() {
        return Dataflow.builder("moves")
                .start("read", arrayReader(List.of(
                        DataRecord.of("email", "aroha@example.org", "city", "Wellington").asMap(),
                        DataRecord.of("email", "nobody@example.org", "city", "Perth").asMap(),
                        DataRecord.of("email", "ben@example.org", "city", "Melbourne").asMap())))
                // an unknown address fails the lookup: skip that row, go on with the others
                .then("lookup", webService("find_user", Map.of("email", "${{ record.email }}"))
                        .with("failure", "skiprecord"))
                .then("with_id", alter().set("userid", "${{ steps.lookup.result.id }}"))
                .then("update", flowUpdateUser("${{ record.userid }}", Map.of("city", "${{ record.city }}")))
                .build();
    }

    /**
     * Validates the flow, dry-runs it (the lookups happen, the updates are reported), then runs it.
     *
     * @return the real run's result
     */
    public RunResult run(PrintStream out) {
        DataflowEngine engine = engine(out);
        Dataflow flow = moves();
        out.println(engine.validate(flow));

        RunResult dry = engine.run(flow, RunOptions.builder().dryRun(true).build()).orThrow();
        out.println("dry run: " + dry.status().label() + ", " + dry.step("update").recordsIn()
                + " user(s) found, skipped: " + dry.effects() + ", users: " + users());

        RunResult result = engine.run(flow).orThrow();
        out.println("run: " + result.status().label() + ", " + result.step("update").recordsIn()
                + " user(s) updated, last changed: " + result.variable("steps.update.result").orElse("-")
                + ", users: " + users());
        return result;
    }

    public static void main(String[] args) {
        new HostFunctionsExample().run(System.out);
    }
}
