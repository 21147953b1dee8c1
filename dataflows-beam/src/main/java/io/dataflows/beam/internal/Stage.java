package io.dataflows.beam.internal;

import java.util.List;

/**
 * One Beam stage of a dataflow's flow block: a reader, a run of flow steps that work together on batches of
 * records, or a {@code writer_stream} written in shards.
 *
 * @param kind what the stage runs
 * @param aliases the steps it runs: one for a reader or a writer; for flow steps, each fed by the one before
 * @param inputs the aliases of the steps whose records feed the first step, merged (none for a reader)
 * @param outputs the dependants of the last step, in their definition order, with their Beam outputs
 */
public record Stage(Kind kind, List<String> aliases, List<String> inputs, List<StageOutput> outputs) {

    /** What a stage runs. */
    public enum Kind {
        /** A reader, which reads its whole source on one worker. */
        READER,
        /** Flow steps, fused into one DoFn. */
        STEPS,
        /** A {@code writer_stream}, one file per shard. */
        WRITER
    }

    /** Copies the lists. */
    public Stage {
        aliases = List.copyOf(aliases);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** The first step, which the inputs feed. */
    public String first() {
        return aliases.get(0);
    }

    /** The last step, whose dependants the outputs feed. */
    public String last() {
        return aliases.get(aliases.size() - 1);
    }

    /** How many Beam outputs the stage has: the distinct ports of its outputs. */
    public int ports() {
        return (int) outputs.stream().mapToInt(StageOutput::port).distinct().count();
    }
}
