package io.dataflows.sftp.internal;

/**
 * Remote paths as the SFTP steps write them: {@code sftp://<path>}, the host coming from the config.
 * {@code sftp://in/a.csv} is {@code in/a.csv}, relative to the login directory; {@code sftp:///data/a.csv} is
 * {@code /data/a.csv}.
 */
final class RemotePaths {

    static final String PREFIX = "sftp://";

    private RemotePaths() {}

    /** True when {@code text} is an SFTP path. */
    static boolean isRemote(Object text) {
        return text instanceof String && ((String) text).startsWith(PREFIX);
    }

    /** The path on the server. */
    static String strip(String text) {
        return text.substring(PREFIX.length());
    }

    /** The last segment ({@code a.csv} of {@code in/a.csv}); empty for a path ending with {@code /}. */
    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The directory part with its trailing slash ({@code in/} of {@code in/a.csv}); empty when there is none. */
    static String directory(String path) {
        return path.substring(0, path.lastIndexOf('/') + 1);
    }
}
