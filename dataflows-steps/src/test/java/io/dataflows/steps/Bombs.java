package io.dataflows.steps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Test helper: decompression bombs, small files that expand enormously. Both repeat one block of 64 MiB of zeros
 * deflated once (about 64 KB), so they are quick to make: a gzip file of several members (each a complete gzip
 * stream, which gunzip reads one after another) and a zip archive whose entries share the same deflated data.
 */
final class Bombs {

    /** The size of the expanded block. */
    static final long BLOCK = 64L << 20;

    private static byte[] deflated;
    private static byte[] gzipMember;
    private static long crc;

    private Bombs() {}

    private static synchronized void prepare() {
        if (deflated != null) {
            return;
        }
        byte[] zeros = new byte[1 << 20];
        CRC32 checksum = new CRC32();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        for (int i = 0; i < BLOCK / zeros.length; i++) {
            checksum.update(zeros);
            deflater.setInput(zeros);
            while (!deflater.needsInput()) {
                raw.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            raw.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        deflated = raw.toByteArray();
        crc = checksum.getValue();
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        member.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff}, 0, 10);
        member.write(deflated, 0, deflated.length);
        member.write(le32((int) crc), 0, 4);
        member.write(le32((int) BLOCK), 0, 4);
        gzipMember = member.toByteArray();
    }

    /** A gzip file expanding to {@code blocks} × 64 MiB of zeros. */
    static Path gzip(Path file, int blocks) {
        prepare();
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < blocks; i++) {
                out.write(gzipMember);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A zip archive of {@code entries} files {@code zeros-<n>.bin} of 64 MiB of zeros each. */
    static Path zip(Path file, int entries) {
        prepare();
        ByteArrayOutputStream central = new ByteArrayOutputStream();
        long offset = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < entries; i++) {
                byte[] name = ("zeros-" + i + ".bin").getBytes(StandardCharsets.UTF_8);
                ByteBuffer local = header(0x04034b50, 30, name);
                local.putShort(8, (short) 8).putInt(14, (int) crc).putInt(18, deflated.length)
                        .putInt(22, (int) BLOCK).putShort(26, (short) name.length);
                out.write(local.array());
                out.write(deflated);
                ByteBuffer entry = header(0x02014b50, 46, name);
                entry.putShort(4, (short) 20).putShort(6, (short) 20).putShort(10, (short) 8)
                        .putInt(16, (int) crc).putInt(20, deflated.length).putInt(24, (int) BLOCK)
                        .putShort(28, (short) name.length).putInt(42, (int) offset);
                central.write(entry.array());
                offset += local.capacity() + deflated.length;
            }
            out.write(central.toByteArray());
            ByteBuffer end = ByteBuffer.allocate(22).order(ByteOrder.LITTLE_ENDIAN);
            end.putInt(0, 0x06054b50).putShort(8, (short) entries).putShort(10, (short) entries)
                    .putInt(12, central.size()).putInt(16, (int) offset);
            out.write(end.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A record of {@code fixed} bytes plus the name, starting with its signature; version 2.0 needed. */
    private static ByteBuffer header(int signature, int fixed, byte[] name) {
        ByteBuffer b = ByteBuffer.allocate(fixed + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, signature);
        b.putShort(4, (short) 20);
        b.put(fixed, name);
        return b;
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** {@code size} bytes of text that compress about fivefold, as real data does; gzipped into {@code file}. */
    static byte[] text(int size) {
        StringBuilder sb = new StringBuilder(size + 64);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        while (sb.length() < size) {
            sb.append(random.nextInt(100_000)).append(',').append("name-").append(random.nextInt(1000))
                    .append(",x\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    static Path gzipOf(Path file, byte[] content) {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
