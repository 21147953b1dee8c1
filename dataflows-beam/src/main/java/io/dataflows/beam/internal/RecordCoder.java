package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes records between workers. Java serialization of the record's fields, not JSON: a value keeps its Java type
 * (a {@code Long} stays a {@code Long}, a {@code BigDecimal} a {@code BigDecimal}), so a step on the next worker sees
 * exactly what the step before it emitted, as in the local engine.
 */
public final class RecordCoder extends AtomicCoder<DataRecord> {

    private static final long serialVersionUID = 1L;
    private static final RecordCoder INSTANCE = new RecordCoder();
    private static final ByteArrayCoder BYTES = ByteArrayCoder.of();

    private RecordCoder() {}

    /** The coder. */
    public static RecordCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(DataRecord value, OutputStream outStream) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeBoolean(value.isValue());
            out.writeObject(value.isValue() ? value.asValue() : value.toMap());
        }
        BYTES.encode(bytes.toByteArray(), outStream);
    }

    @Override
    public DataRecord decode(InputStream inStream) throws IOException {
        byte[] bytes = BYTES.decode(inStream);
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            boolean isValue = in.readBoolean();
            Object content = in.readObject();
            if (isValue) {
                return DataRecord.ofValue(content);
            }
            @SuppressWarnings("unchecked")
            LinkedHashMap<String, Object> fields = (LinkedHashMap<String, Object>) content;
            return DataRecord.fromMap(fields);
        } catch (ClassNotFoundException e) {
            throw new CoderException("A record holds a value of a class this worker does not have: "
                    + e.getMessage(), e);
        }
    }
}
