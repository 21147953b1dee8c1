package io.dataflows.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Hostile and careless definitions for property tests: the example flows with their structure mutated (keys
 * deleted, duplicated, renamed and swapped, values of the wrong type, random scalars, deep nesting, huge strings,
 * self and out-of-range dependencies), their text mutated (YAML anchors and aliases, second documents, trailing
 * garbage, truncation, random characters), their bytes mutated (invalid UTF-8), and documents made from nothing.
 * Generated from a seed, so a failing try is reproduced by its seed.
 */
final class HostileDefinitions {

    /** One definition file: its name (the extension picks the format) and its bytes. */
    record Input(String fileName, byte[] bytes) {

        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return fileName + " (" + bytes.length + " bytes): "
                    + (text.length() > 2000 ? text.substring(0, 2000) + "…" : text);
        }
    }

    static final Path EXAMPLES = Path.of("../dataflows-examples/flows");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonMapper JSON = new JsonMapper();
    private static final List<Map<String, Object>> SEEDS = loadSeeds();

    private static final String[] TEXT_NOISE = {"\t", "'", "\"", "{", "}", "[", "]", ":", ": ", "- ", "#", "&a ",
        "*a", "!", "!!binary ", "%YAML 1.1\n", "|", ">", "?", ",", "\n", "\n  ", "\u0000", "\u00e9", "\ud83d\ude00",
        "\ufeff", "${{", "}}", "\\", "---\n", "...\n", "<<: *a\n", "0x", "1e999", ".inf", "~"};
    private static final String[] SCALAR_TEXTS = {"", " ", "x", "read", "a:1", "a:0", "a:-1",
        "a:99999999999999999999", "steps.nope.x", "${{ dataflow.vars.nope }}", "${{ 1 + }}", "${{ steps.read.x }}",
        "${{ record.a ?? 1 }}", "dataflow.vars.runs", "dataflow", "../../../etc/passwd", "out/x.json",
        "/tmp", "flow_tee", "writer_stream", "reader_csv", "connector_log", "json", "csv", "jsonl", "true", "null",
        "\u00e9\u00e8", "\ud83d\ude00", "tool_dataflows\\local\\step\\writer_debugging", "%s%s%n", "'; DROP TABLE x",
        "record.a > 1", "route:high", "by_grade:a", "by_grade:c"};

    private static final String PUNCTUATION = "_-.:/ $'\"\\{}[]";

    private HostileDefinitions() {}

    private static List<Map<String, Object>> loadSeeds() {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Map<String, Object>> seeds = new ArrayList<>();
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".yml")).sorted()::iterator) {
                @SuppressWarnings("unchecked")
                Map<String, Object> tree = YAML.readValue(f.toFile(), Map.class);
                seeds.add(tree);
            }
            if (seeds.isEmpty()) {
                throw new IllegalStateException("no example flows in " + EXAMPLES.toAbsolutePath());
            }
            return seeds;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the example flows' data files next to where the generated flows are written. */
    static void copyExampleData(Path dir) throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("data"))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, data.resolve(f.getFileName().toString()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static Input generate(long seed) {
        Random r = new Random(seed);
        if (r.nextInt(12) == 0) {
            return fromNothing(r);
        }
        Object tree = copy(SEEDS.get(r.nextInt(SEEDS.size())));
        int mutations = r.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            tree = mutateTree(tree, r);
        }
        boolean json = r.nextInt(4) == 0;
        String text;
        try {
            text = json ? JSON.writeValueAsString(tree) : YAML.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (r.nextInt(3) == 0) {
            int textMutations = 1 + r.nextInt(3);
            for (int i = 0; i < textMutations; i++) {
                text = mutateText(text, r);
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(15) == 0) {
            bytes = mutateBytes(bytes, r);
        }
        return new Input(json ? "flow.json" : "flow.yml", bytes);
    }

    // ---- documents from nothing -------------------------------------------------------------------------------

    private static Input fromNothing(Random r) {
        switch (r.nextInt(4)) {
            case 0: {
                byte[] bytes = new byte[r.nextInt(200)];
                r.nextBytes(bytes);
                return new Input(r.nextBoolean() ? "flow.yml" : "flow.json", bytes);
            }
            case 1: {
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(60);
                for (int i = 0; i < n; i++) {
                    sb.append(TEXT_NOISE[r.nextInt(TEXT_NOISE.length)]).append(randomWord(r));
                }
                return new Input("flow.yml", sb.toString().getBytes(StandardCharsets.UTF_8));
            }
            default: {
                Object tree = randomValue(r, 4);
                try {
                    boolean json = r.nextBoolean();
                    String text = json ? JSON.writeValueAsString(tree) : YAML.writeValueAsString(tree);
                    return new Input(json ? "flow.json" : "flow.yml", text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    // ---- structural mutations ---------------------------------------------------------------------------------

    /** A place in the tree: a key of a map or an index of a list. */
    private record Slot(Object container, Object key) {

        @SuppressWarnings("unchecked")
        Object get() {
            return container instanceof Map ? ((Map<Object, Object>) container).get(key)
                    : ((List<Object>) container).get((Integer) key);
        }

        @SuppressWarnings("unchecked")
        void set(Object value) {
            if (container instanceof Map) {
                ((Map<Object, Object>) container).put(key, value);
            } else {
                ((List<Object>) container).set((Integer) key, value);
            }
        }

        @SuppressWarnings("unchecked")
        void remove() {
            if (container instanceof Map) {
                ((Map<Object, Object>) container).remove(key);
            } else {
                ((List<Object>) container).remove((int) (Integer) key);
            }
        }
    }

    private static void slots(Object node, List<Slot> out) {
        if (node instanceof Map) {
            for (Object k : new ArrayList<>(((Map<?, ?>) node).keySet())) {
                out.add(new Slot(node, k));
                slots(((Map<?, ?>) node).get(k), out);
            }
        } else if (node instanceof List) {
            for (int i = 0; i < ((List<?>) node).size(); i++) {
                out.add(new Slot(node, i));
                slots(((List<?>) node).get(i), out);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Object mutateTree(Object tree, Random r) {
        List<Slot> slots = new ArrayList<>();
        slots(tree, slots);
        if (slots.isEmpty()) {
            return randomValue(r, 3);
        }
        Slot slot = slots.get(r.nextInt(slots.size()));
        switch (r.nextInt(11)) {
            case 0:
                slot.remove();
                break;
            case 1: {
                Slot other = slots.get(r.nextInt(slots.size()));
                Object a = slot.get();
                Object b = other.get();
                if (!contains(a, other.container()) && !contains(b, slot.container())) {
                    slot.set(b);
                    other.set(a);
                }
                break;
            }
            case 2:
                slot.set(wrongType(slot.get(), r));
                break;
            case 3:
                slot.set(randomScalar(r));
                break;
            case 4: {
                Object v = slot.get();
                int depth = 1 + r.nextInt(r.nextBoolean() ? 10 : 150);
                for (int i = 0; i < depth; i++) {
                    v = r.nextBoolean() ? listOf(v) : mapOf("k", v);
                }
                slot.set(v);
                break;
            }
            case 5: {
                int length = r.nextBoolean() ? 1000 + r.nextInt(10_000) : 100_000 + r.nextInt(100_000);
                String unit = r.nextBoolean() ? "x" : "word ";
                slot.set(unit.repeat(length / unit.length()));
                break;
            }
            case 6:
                if (slot.container() instanceof Map) {
                    Map<Object, Object> map = (Map<Object, Object>) slot.container();
                    Object value = map.remove(slot.key());
                    map.put(r.nextBoolean() ? randomWord(r) : randomScalarText(r), value);
                }
                break;
            case 7:
                if (slot.get() instanceof Map) {
                    ((Map<Object, Object>) slot.get()).put(r.nextBoolean() ? randomWord(r) : pick(r, "type",
                            "depends_on", "config", "vars", "name", "alias", "id", "steps", "enabled", "loghandlers",
                            "cases", "format"), randomValue(r, 2));
                }
                break;
            default:
                mutateSteps(tree, r);
                break;
        }
        return tree;
    }

    /** Step-level mischief: dependencies on itself, on outputs that cannot exist, copies of steps. */
    @SuppressWarnings("unchecked")
    private static void mutateSteps(Object tree, Random r) {
        if (!(tree instanceof Map) || !(((Map<?, ?>) tree).get("steps") instanceof Map)) {
            return;
        }
        Map<Object, Object> steps = (Map<Object, Object>) ((Map<?, ?>) tree).get("steps");
        List<Object> aliases = new ArrayList<>(steps.keySet());
        if (aliases.isEmpty() || !(steps.get(aliases.get(0)) instanceof Map)) {
            return;
        }
        Object alias = aliases.get(r.nextInt(aliases.size()));
        if (!(steps.get(alias) instanceof Map)) {
            return;
        }
        Map<Object, Object> step = (Map<Object, Object>) steps.get(alias);
        Object other = aliases.get(r.nextInt(aliases.size()));
        switch (r.nextInt(7)) {
            case 0:
                step.put("depends_on", alias);
                break;
            case 6: {
                // The list form: steps: [{alias: read, type: ...}, {name: Write it, ...}]
                List<Object> list = new ArrayList<>();
                steps.forEach((a, s) -> {
                    Object item = copy(s);
                    if (item instanceof Map) {
                        ((Map<Object, Object>) item).put(r.nextBoolean() ? "alias" : "name", a);
                    }
                    list.add(item);
                });
                ((Map<Object, Object>) tree).put("steps", list);
                break;
            }
            case 1:
                step.put("depends_on", other + ":" + pick(r, "0", "1", "2", "99", "99999999999999999999",
                        "-1", "a", "b", "nz", ""));
                break;
            case 2:
                step.put("depends_on", listOf(other, other));
                break;
            case 3:
                steps.put(alias + "_copy", copy(step));
                break;
            case 4:
                step.put("type", pick(r, "flow_tee", "flow_logic_switch", "flow_logic_join", "reader_array",
                        "writer_debugging", "connector_log", "flow_transformer_filter", "nope", "",
                        "\\tool_dataflows\\local\\step\\flow_tee"));
                break;
            default:
                for (Object a : aliases) {
                    if (steps.get(a) instanceof Map) {
                        ((Map<Object, Object>) steps.get(a)).put("depends_on", alias);
                    }
                }
                break;
        }
    }

    private static boolean contains(Object tree, Object node) {
        if (tree == node) {
            return true;
        }
        if (tree instanceof Map) {
            return ((Map<?, ?>) tree).values().stream().anyMatch(v -> contains(v, node));
        }
        if (tree instanceof List) {
            return ((List<?>) tree).stream().anyMatch(v -> contains(v, node));
        }
        return false;
    }

    private static Object wrongType(Object v, Random r) {
        if (v instanceof Map) {
            return r.nextBoolean() ? listOf(randomScalar(r)) : randomScalar(r);
        }
        if (v instanceof List) {
            return r.nextBoolean() ? mapOf(randomWord(r), randomScalar(r)) : randomScalar(r);
        }
        return r.nextBoolean() ? listOf(v, randomScalar(r)) : mapOf(randomWord(r), v);
    }

    private static Object randomValue(Random r, int depth) {
        int kind = depth <= 0 ? 2 : r.nextInt(3);
        if (kind == 0) {
            Map<String, Object> m = new LinkedHashMap<>();
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                m.put(r.nextInt(3) == 0 ? pick(r, "name", "steps", "type", "config", "vars", "depends_on")
                        : randomWord(r), randomValue(r, depth - 1));
            }
            return m;
        }
        if (kind == 1) {
            List<Object> l = new ArrayList<>();
            int n = r.nextInt(5);
            for (int i = 0; i < n; i++) {
                l.add(randomValue(r, depth - 1));
            }
            return l;
        }
        return randomScalar(r);
    }

    private static Object randomScalar(Random r) {
        switch (r.nextInt(8)) {
            case 0:
                return r.nextLong();
            case 1:
                return r.nextInt(5) - 2;
            case 2:
                return r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            case 3:
                return r.nextBoolean();
            case 4:
                return null;
            case 5:
                return randomWord(r);
            default:
                return randomScalarText(r);
        }
    }

    private static String randomScalarText(Random r) {
        return SCALAR_TEXTS[r.nextInt(SCALAR_TEXTS.length)];
    }

    private static String randomWord(Random r) {
        int n = r.nextInt(12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(10);
            sb.appendCodePoint(c < 6 ? 'a' + r.nextInt(26) : c < 8 ? '0' + r.nextInt(10)
                    : c == 8 ? PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length())) : 0xA0 + r.nextInt(0x2000));
        }
        return sb.toString();
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    /** A mutable list that may hold nulls. */
    private static List<Object> listOf(Object... items) {
        return new ArrayList<>(java.util.Arrays.asList(items));
    }

    /** A mutable map that may hold a null. */
    private static Map<Object, Object> mapOf(Object key, Object value) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    private static Object copy(Object v) {
        if (v instanceof Map) {
            Map<Object, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put(k, copy(x)));
            return m;
        }
        if (v instanceof List) {
            List<Object> l = new ArrayList<>();
            ((List<?>) v).forEach(x -> l.add(copy(x)));
            return l;
        }
        return v;
    }

    // ---- text and byte mutations ------------------------------------------------------------------------------

    private static String mutateText(String text, Random r) {
        int at = text.isEmpty() ? 0 : r.nextInt(text.length() + 1);
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        int line = r.nextInt(lines.size());
        switch (r.nextInt(10)) {
            case 0:
                return text.substring(0, at);
            case 1:
                return text + (r.nextBoolean() ? "\n---\n" : "\n") + pick(r, "name: other\n", "{}", "garbage",
                        "- x\n", "]", "...\n---\n", "a: *a\n", "\u0000");
            case 2: {
                lines.add(line, lines.get(line));
                return String.join("\n", lines);
            }
            case 3: {
                lines.remove(line);
                return String.join("\n", lines);
            }
            case 4: {
                lines.set(line, " ".repeat(r.nextInt(6)) + lines.get(line).strip());
                return String.join("\n", lines);
            }
            case 5:
                return "x: &a [lol, lol, lol]\n" + "y: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        + "z: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" + text;
            case 6: {
                String l = lines.get(line);
                int colon = l.indexOf(": ");
                if (colon >= 0) {
                    lines.set(line, l.substring(0, colon + 2) + pick(r, "&a ", "*a", "*undefined", "&r [*r]",
                            "!!binary x", "!foo ", "<<: *a", "? [a]\n: 1") + l.substring(colon + 2));
                }
                return String.join("\n", lines);
            }
            default: {
                StringBuilder sb = new StringBuilder(text);
                int n = 1 + r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    int pos = sb.length() == 0 ? 0 : r.nextInt(sb.length() + 1);
                    if (pos > 0 && pos < sb.length() && Character.isLowSurrogate(sb.charAt(pos))) {
                        pos--;
                    }
                    sb.insert(pos, TEXT_NOISE[r.nextInt(TEXT_NOISE.length)]);
                }
                return sb.toString();
            }
        }
    }

    private static byte[] mutateBytes(byte[] bytes, Random r) {
        byte[] out = bytes.clone();
        if (out.length == 0) {
            return new byte[] {(byte) 0xC3};
        }
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            out[r.nextInt(out.length)] = (byte) pick(r, 0xFF, 0xC0, 0x80, 0xED, 0xFE, 0x00, r.nextInt(256)).intValue();
        }
        return out;
    }
}
