package io.dataflows.bench;

import java.nio.file.Path;

/**
 * (1) The practical limit: typed Java, {@code split} and a {@link StringBuilder} — {@link
 * io.dataflows.bench.lean.LeanTyped}'s loop, run here inside the benchmark's JVM.
 */
final class TypedJava implements Implementation {

    private final String name;

    TypedJava(String name) {
        this.name = name;
    }

    @Override
    public long run(Path dir) throws Exception {
        return io.dataflows.bench.lean.LeanTyped.transform(Workload.input(dir), Workload.output(dir, name));
    }
}
