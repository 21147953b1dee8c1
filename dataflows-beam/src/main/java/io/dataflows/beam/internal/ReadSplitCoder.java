package io.dataflows.beam.internal;

import io.dataflows.spi.ReadSplit;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;

/** A part of a source between workers: its three numbers, deterministic. */
public final class ReadSplitCoder extends AtomicCoder<ReadSplit> {

    private static final long serialVersionUID = 1L;
    private static final ReadSplitCoder INSTANCE = new ReadSplitCoder();

    private ReadSplitCoder() {}

    /** The coder. */
    public static ReadSplitCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(ReadSplit split, OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeLong(split.start());
        data.writeLong(split.end());
        data.writeLong(split.firstLine());
        data.flush();
    }

    @Override
    public ReadSplit decode(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        return new ReadSplit(data.readLong(), data.readLong(), data.readLong());
    }

    @Override
    public void verifyDeterministic() {
        // three fixed-size numbers
    }
}
