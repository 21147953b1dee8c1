package io.dataflows.beam.internal;

/**
 * The file of a shard: the shard's number and the shard count before the extension of the file name, as Beam's file
 * sinks name them ({@code out.jsonl} → {@code out-00001-of-00004.jsonl}); after the name when it has no extension.
 */
public final class ShardNames {

    private ShardNames() {}

    /** The name of shard {@code shard} (0-based) of {@code shards} for {@code path}. */
    public static String of(String path, int shard, int shards) {
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        int dot = path.lastIndexOf('.');
        String suffix = String.format(java.util.Locale.ROOT, "-%05d-of-%05d", shard, shards);
        if (dot <= slash + 1) {
            return path + suffix;
        }
        return path.substring(0, dot) + suffix + path.substring(dot);
    }
}
