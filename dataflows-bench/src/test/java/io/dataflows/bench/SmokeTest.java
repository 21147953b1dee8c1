package io.dataflows.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The only test of the module: every implementation produces the baseline's output on a small input. No timing. */
class SmokeTest {

    @TempDir
    Path dir;

    @Test
    void everyImplementationWritesTheSameRecords() throws Exception {
        Workload.generate(dir, 2_000);
        Implementation.create("typed").run(dir);
        Workload.Digest expected = Workload.Digest.of(Workload.output(dir, "typed"));
        assertThat(expected.lines()).isBetween(900L, 1_100L);
        for (String name : Implementation.ALL) {
            Implementation impl = Implementation.create(name);
            try {
                long written = impl.run(dir);
                assertThat(written).as(name).isEqualTo(expected.lines());
                assertThat(Workload.Digest.of(Workload.output(dir, name))).as(name).isEqualTo(expected);
            } finally {
                impl.close();
            }
        }
    }

    @Test
    void theLeanBaselineRunsWithNothingButTheJdkAndWritesTheSameRecords() throws Exception {
        Workload.generate(dir, 2_000);
        Implementation.create("typed").run(dir);
        // The module's own classes, without any of its libraries: the lean program must need none.
        Path classes = Path.of(io.dataflows.bench.lean.LeanTyped.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classes.toString(), "io.dataflows.bench.lean.LeanTyped", Workload.input(dir).toString(),
                Workload.output(dir, "lean").toString()).inheritIO().start();

        assertThat(p.waitFor()).isZero();
        assertThat(Workload.Digest.of(Workload.output(dir, "lean")))
                .isEqualTo(Workload.Digest.of(Workload.output(dir, "typed")));
    }

    @Test
    void theHttpBenchmarkSendsEveryRecord() throws Exception {
        try (HttpConcurrency bench = new HttpConcurrency(dir.resolve("http"), 1)) {
            bench.run(40, 8);
            assertThat(java.nio.file.Files.readAllLines(bench.dir().resolve("http-8.jsonl"))).hasSize(40);
        }
    }

    @Test
    void generatedDataflowsOfManyStepsAreValid() {
        io.dataflows.ValidationReport report = ScaleCheck.engine().validate(ScaleCheck.chain(200));
        assertThat(report.messages()).isEmpty();
    }
}
