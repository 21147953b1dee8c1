package io.dataflows.aws.internal;

/**
 * A {@code source} or {@code target} of the S3 steps as written in the config: {@code s3://<key>} names the object
 * {@code <key>} in the step's {@code bucket} (the bucket is not part of the path, as in tool_dataflows); anything
 * else is a local path, resolved by the engine.
 */
final class S3Path {

    static final String PREFIX = "s3://";

    private S3Path() {}

    /** True when {@code path} names an object in the bucket ({@code s3://path/to/file}, {@code s3://path/to/}). */
    static boolean isS3(String path) {
        return path.startsWith(PREFIX);
    }

    /** The object key of an {@code s3://} path: {@code s3://path/to/file} is {@code path/to/file}. */
    static String key(String path) {
        return path.substring(PREFIX.length());
    }

    /** True when the path names a directory to copy into: it ends with {@code /}. */
    static boolean isDirectory(String path) {
        return path.endsWith("/");
    }

    /** The last segment of a path or key: the file name a target ending with {@code /} gets. */
    static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    /** The object as a standard S3 URI, bucket included, for messages: {@code s3://reports/in/out.csv}. */
    static String uri(String bucket, String key) {
        return PREFIX + bucket + "/" + key;
    }
}
