package io.dataflows.steps.internal.file;

/** A running hash of {@code *_hash_file}: fed the file in chunks of any size, then asked once for its value. */
interface Hasher {

    /** Adds {@code len} bytes of {@code bytes} from {@code off}. */
    void update(byte[] bytes, int off, int len);

    /** The hash as lower-case hex, spelled as PHP's {@code hash_file()} spells it. */
    String hex();

    /** What takes the bytes of a hasher made by {@link #of}. */
    @FunctionalInterface
    interface Input {
        void update(byte[] bytes, int off, int len);
    }

    /** A hasher that passes the bytes to {@code input} and spells the result with {@code hex}. */
    static Hasher of(Input input, java.util.function.Supplier<String> hex) {
        return new Hasher() {
            @Override
            public void update(byte[] bytes, int off, int len) {
                input.update(bytes, off, len);
            }

            @Override
            public String hex() {
                return hex.get();
            }
        };
    }

    /** {@code value} as {@code digits} lower-case hex digits (big-endian, zero-padded), as PHP prints a number. */
    static String hex(long value, int digits) {
        String s = Long.toHexString(value);
        return digits <= s.length() ? s.substring(s.length() - digits) : "0".repeat(digits - s.length()) + s;
    }
}
