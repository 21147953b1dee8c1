package io.dataflows.beam.internal;

import io.dataflows.DataRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * Encodes records between workers so that a value keeps its Java type (a {@code Long} stays a {@code Long}, a
 * {@code BigDecimal} a {@code BigDecimal}) and a step on the next worker sees what the step before it emitted, as in
 * the local engine. The usual values — text, whole and decimal numbers, booleans, null, and lists and maps of them —
 * which are all a record holds ({@code DataRecord} makes other numbers {@code Long}s or {@code BigDecimal}s) — are
 * written with a one-byte tag each, lists and maps in their order. A value of any other class would be written with
 * Java serialization, which costs far more (an object stream per value, with its class descriptions).
 */
public final class RecordCoder extends AtomicCoder<DataRecord> {

    private static final long serialVersionUID = 1L;
    private static final RecordCoder INSTANCE = new RecordCoder();

    private static final int FIELDS = 0;
    private static final int VALUE = 1;

    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int LONG = 2;
    private static final int INTEGER = 3;
    private static final int DOUBLE = 4;
    private static final int TRUE = 5;
    private static final int FALSE = 6;
    private static final int DECIMAL = 7;
    private static final int LIST = 8;
    private static final int MAP = 9;
    private static final int SERIALIZED = 10;

    private RecordCoder() {}

    /** The coder. */
    public static RecordCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(DataRecord value, OutputStream outStream) throws IOException {
        DataOutputStream out = new DataOutputStream(outStream);
        if (value.isValue()) {
            out.writeByte(VALUE);
            write(value.asValue(), out);
        } else {
            out.writeByte(FIELDS);
            Map<String, Object> fields = value.toMap();
            out.writeInt(fields.size());
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                writeText(e.getKey(), out);
                write(e.getValue(), out);
            }
        }
        out.flush();
    }

    @Override
    public DataRecord decode(InputStream inStream) throws IOException {
        DataInputStream in = new DataInputStream(inStream);
        int kind = in.readUnsignedByte();
        if (kind == VALUE) {
            return DataRecord.ofValue(read(in));
        }
        if (kind != FIELDS) {
            throw new CoderException("Not a record: kind " + kind);
        }
        int size = in.readInt();
        LinkedHashMap<String, Object> fields = new LinkedHashMap<>(Math.max(4, size * 2));
        for (int i = 0; i < size; i++) {
            fields.put(readText(in), read(in));
        }
        return DataRecord.fromMap(fields);
    }

    private static void write(Object value, DataOutputStream out) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String s) {
            out.writeByte(STRING);
            writeText(s, out);
        } else if (value instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (value instanceof Integer i) {
            out.writeByte(INTEGER);
            out.writeInt(i);
        } else if (value instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (value instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (value instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            writeText(d.toString(), out);
        } else if (value instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object item : list) {
                write(item, out);
            }
        } else if (value instanceof Map<?, ?> map) {
            // A record's maps have text keys: DataRecord makes every key a String.
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeText((String) e.getKey(), out);
                write(e.getValue(), out);
            }
        } else {
            out.writeByte(SERIALIZED);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream objects = new ObjectOutputStream(bytes)) {
                objects.writeObject(value);
            }
            out.writeInt(bytes.size());
            bytes.writeTo(out);
        }
    }

    private static Object read(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case NULL:
                return null;
            case STRING:
                return readText(in);
            case LONG:
                return in.readLong();
            case INTEGER:
                return in.readInt();
            case DOUBLE:
                return in.readDouble();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case DECIMAL:
                return new BigDecimal(readText(in));
            case LIST: {
                int size = in.readInt();
                List<Object> list = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    list.add(read(in));
                }
                return list;
            }
            case MAP: {
                int size = in.readInt();
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, size * 2));
                for (int i = 0; i < size; i++) {
                    map.put(readText(in), read(in));
                }
                return map;
            }
            case SERIALIZED: {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                    return objects.readObject();
                } catch (ClassNotFoundException e) {
                    throw new CoderException("A record holds a value of a class this worker does not have: "
                            + e.getMessage(), e);
                }
            }
            default:
                throw new CoderException("Unknown value tag " + tag + " in an encoded record");
        }
    }

    /** Text as its UTF-8 length and bytes: {@code writeUTF} stops at 64 KiB. */
    private static void writeText(String text, DataOutputStream out) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
