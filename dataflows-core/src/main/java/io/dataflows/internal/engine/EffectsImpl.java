package io.dataflows.internal.engine;

import io.dataflows.Effect;
import io.dataflows.spi.AtomicOutput;
import io.dataflows.spi.Effects;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The effects API of one step in one run; records what a dry run skipped. */
final class EffectsImpl implements Effects {

    private static final Logger log = LoggerFactory.getLogger(EffectsImpl.class);

    private final boolean dryRun;
    private final PathResolver paths;
    private final List<Effect> skipped;
    private final String stepAlias;

    EffectsImpl(boolean dryRun, PathResolver paths, List<Effect> skipped, String stepAlias) {
        this.dryRun = dryRun;
        this.paths = paths;
        this.skipped = skipped;
        this.stepAlias = stepAlias;
    }

    @Override
    public boolean isDryRun() {
        return dryRun;
    }

    @Override
    public boolean perform(Effect.Kind kind, String target, String description, Action action) throws Exception {
        if (dryRun) {
            skip(kind, target, description);
            return false;
        }
        action.run();
        return true;
    }

    @Override
    public boolean perform(Effect.Kind kind, Path target, String description, Action action) throws Exception {
        Path absolute = target.toAbsolutePath();
        if (dryRun && !paths.isInScratch(absolute)) {
            skip(kind, absolute.normalize().toString(), description);
            return false;
        }
        action.run();
        return true;
    }

    @Override
    public AtomicOutput atomicOutput(Path target, boolean append) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (dryRun && !paths.isInScratch(absolute)) {
            skip(Effect.Kind.WRITE, absolute.toString(), (append ? "append to " : "write ") + absolute);
            return new AtomicFileOutput.Discarding(absolute);
        }
        return paths.files().openAtomic(absolute, append);
    }

    private void skip(Effect.Kind kind, String target, String description) {
        Effect effect = Effect.of(stepAlias, kind, target, description);
        synchronized (skipped) {
            skipped.add(effect);
        }
        log.info("Dry run: {}", effect);
    }
}
