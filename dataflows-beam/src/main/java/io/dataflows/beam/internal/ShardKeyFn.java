package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

/**
 * Gives each record its shard: by the hash of its content, so that a retried bundle puts every record in the same
 * shard again.
 */
public final class ShardKeyFn extends DoFn<DataRecord, KV<Integer, DataRecord>> {

    private static final long serialVersionUID = 1L;

    private final int shards;

    /** @param shards how many shards there are */
    public ShardKeyFn(int shards) {
        this.shards = shards;
    }

    /** Keys the record. */
    @ProcessElement
    public void process(@Element DataRecord record, OutputReceiver<KV<Integer, DataRecord>> out) {
        out.output(KV.of(Math.floorMod(record.hashCode(), shards), record));
    }
}
