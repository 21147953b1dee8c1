package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.values.KV;

/**
 * Writes one shard: runs the writer step on the shard's records with its {@code streamname} made the shard's file
 * ({@link ShardNames}). The writer is the same implementation as in a local run, so each shard file is what a local
 * run would write for those records (atomic, skipped in a dry run). An empty shard still gets its file.
 *
 * <p>The grouped records reach the writer as they are iterated, once, never copied into a collection here: memory
 * stays bounded as far as the runner's grouping allows (Flink's batch grouping hands over a sorted, spillable
 * iterator that can be iterated only once).
 */
public final class ShardWriterFn extends WorkerFn<KV<Integer, Iterable<DataRecord>>, Void> {

    private static final long serialVersionUID = 1L;

    private final String writerAlias;
    private final String streamname;
    private final int shards;

    /**
     * @param spec the run every worker belongs to
     * @param writerAlias the writer step
     * @param streamname the writer's {@code streamname} as defined
     * @param shards how many shards there are
     */
    public ShardWriterFn(WorkerSpec spec, String writerAlias, String streamname, int shards) {
        super(spec);
        this.writerAlias = writerAlias;
        this.streamname = streamname;
        this.shards = shards;
    }

    /** Writes the shard. */
    @ProcessElement
    public void process(@Element KV<Integer, Iterable<DataRecord>> shard) {
        Map<String, Map<String, Object>> overrides = shards == 1 ? Map.of()
                : Map.of(writerAlias, Map.of("streamname", ShardNames.of(streamname, shard.getKey(), shards)));
        List<String> aliases = List.of(writerAlias);
        StepCounters.add(worker().run(aliases, overrides, new ShardRecords(shard.getValue()), null), aliases);
    }
}
