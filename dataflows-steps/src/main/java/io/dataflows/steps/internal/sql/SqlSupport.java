package io.dataflows.steps.internal.sql;

import io.dataflows.spi.StepContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** What the SQL steps share: the connection, binding parameters, rows as records, statement kinds, errors. */
final class SqlSupport {

    /** Rows fetched per round trip while streaming. */
    static final int FETCH_SIZE = 500;

    private static final Pattern WRITE_IN_WITH = Pattern.compile("\\b(insert|update|delete|merge)\\b",
            Pattern.CASE_INSENSITIVE);

    private SqlSupport() {}

    /** The data source named by the step's {@code connection} config, or the engine's default one. */
    static DataSource dataSource(StepContext ctx) {
        String name = ctx.config().optionalString("connection").orElse("");
        return name.isEmpty() ? ctx.dataSource() : ctx.dataSource(name);
    }

    static boolean isPostgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    /**
     * Binds the values in order. On PostgreSQL text goes untyped, as tool_dataflows (through Moodle) sent it, so
     * {@code CAST(value AS INT) > ?} works with the text {@code '3'}; numbers, booleans and dates keep their types.
     */
    static void bind(PreparedStatement ps, List<Object> params, boolean postgres) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            int index = i + 1;
            if (v == null) {
                ps.setNull(index, Types.NULL);
            } else if (v instanceof String) {
                if (postgres) {
                    ps.setObject(index, v, Types.OTHER);
                } else {
                    ps.setString(index, (String) v);
                }
            } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                ps.setLong(index, ((Number) v).longValue());
            } else if (v instanceof BigInteger) {
                ps.setBigDecimal(index, new BigDecimal((BigInteger) v));
            } else if (v instanceof Instant) {
                ps.setObject(index, OffsetDateTime.ofInstant((Instant) v, java.time.ZoneOffset.UTC));
            } else if (v instanceof java.time.ZonedDateTime) {
                ps.setObject(index, ((java.time.ZonedDateTime) v).toOffsetDateTime());
            } else if (v instanceof java.util.Date && !(v instanceof java.sql.Timestamp || v instanceof java.sql.Date
                    || v instanceof java.sql.Time)) {
                ps.setTimestamp(index, new java.sql.Timestamp(((java.util.Date) v).getTime()));
            } else {
                ps.setObject(index, v);
            }
        }
    }

    /** The labels of the result's columns, in order. */
    static String[] labels(ResultSetMetaData md) throws SQLException {
        String[] labels = new String[md.getColumnCount()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = md.getColumnLabel(i + 1);
        }
        return labels;
    }

    /** The current row as an ordered map of JSON-like values (a later column of the same name wins). */
    static Map<String, Object> row(ResultSet rs, ResultSetMetaData md, String[] labels) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>(labels.length * 2);
        for (int i = 0; i < labels.length; i++) {
            row.put(labels[i], value(rs, md, i + 1));
        }
        return row;
    }

    /**
     * One column as a JSON-like value: text, {@code Long} for integers, {@code Double} for floating point,
     * {@code BigDecimal} for exact decimals, {@code Boolean}, dates and times as ISO-8601 text, binary as Base64,
     * arrays as lists, anything else as the driver's text.
     */
    static Object value(ResultSet rs, ResultSetMetaData md, int col) throws SQLException {
        int type = md.getColumnType(col);
        switch (type) {
            case Types.BIT:
            case Types.BOOLEAN: {
                boolean b = rs.getBoolean(col);
                return rs.wasNull() ? null : b;
            }
            case Types.TINYINT:
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT: {
                Object o = rs.getObject(col);
                if (o == null) {
                    return null;
                }
                if (o instanceof BigInteger) {
                    BigInteger b = (BigInteger) o;
                    return b.bitLength() < 64 ? (Object) b.longValue() : new BigDecimal(b);
                }
                if (o instanceof BigDecimal) {
                    return o;
                }
                return ((Number) o).longValue();
            }
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE: {
                double d = rs.getDouble(col);
                return rs.wasNull() ? null : d;
            }
            case Types.NUMERIC:
            case Types.DECIMAL:
                return rs.getBigDecimal(col);
            case Types.DATE: {
                LocalDate d = rs.getObject(col, LocalDate.class);
                return d == null ? null : d.format(DateTimeFormatter.ISO_LOCAL_DATE);
            }
            case Types.TIME: {
                LocalTime t = rs.getObject(col, LocalTime.class);
                return t == null ? null : t.format(DateTimeFormatter.ISO_LOCAL_TIME);
            }
            case Types.TIME_WITH_TIMEZONE: {
                OffsetTime t = rs.getObject(col, OffsetTime.class);
                return t == null ? null : t.format(DateTimeFormatter.ISO_OFFSET_TIME);
            }
            case Types.TIMESTAMP: {
                // PostgreSQL reports timestamptz as TIMESTAMP; its type name tells them apart.
                String name = String.valueOf(md.getColumnTypeName(col)).toLowerCase(Locale.ROOT);
                if (name.contains("tz") || name.contains("time zone")) {
                    OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
                    return t == null ? null : t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                }
                LocalDateTime t = rs.getObject(col, LocalDateTime.class);
                return t == null ? null : t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE: {
                OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
                return t == null ? null : t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
            case Types.BINARY:
            case Types.VARBINARY:
            case Types.LONGVARBINARY:
            case Types.BLOB: {
                byte[] bytes = rs.getBytes(col);
                return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
            }
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
            case Types.LONGNVARCHAR:
            case Types.CLOB:
            case Types.NCLOB:
                return rs.getString(col);
            case Types.JAVA_OBJECT: {
                // A serialized Java object is attacker-chosen bytes: deserializing it (what getObject does) would
                // run code of classes on the class path. Its bytes are the value.
                byte[] bytes = rs.getBytes(col);
                return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
            }
            case Types.ARRAY: {
                Array a = rs.getArray(col);
                if (a == null) {
                    return null;
                }
                try {
                    return elements(a);
                } finally {
                    a.free();
                }
            }
            default: {
                Object o = rs.getObject(col);
                if (o == null) {
                    return null;
                }
                Object plain = plain(o);
                return plain != null ? plain : rs.getString(col);
            }
        }
    }

    /** A driver value of a known Java type as a JSON-like value; null when the type is not known. */
    private static Object plain(Object o) {
        if (o instanceof String || o instanceof Boolean || o instanceof Long || o instanceof Double
                || o instanceof BigDecimal) {
            return o;
        }
        if (o instanceof Integer || o instanceof Short || o instanceof Byte) {
            return ((Number) o).longValue();
        }
        if (o instanceof Float) {
            return ((Float) o).doubleValue();
        }
        if (o instanceof BigInteger) {
            return new BigDecimal((BigInteger) o);
        }
        if (o instanceof java.util.UUID || o instanceof Character) {
            return o.toString();
        }
        if (o instanceof java.sql.Timestamp) {
            return ((java.sql.Timestamp) o).toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        if (o instanceof java.sql.Date) {
            return ((java.sql.Date) o).toLocalDate().toString();
        }
        if (o instanceof java.sql.Time) {
            return ((java.sql.Time) o).toLocalTime().format(DateTimeFormatter.ISO_LOCAL_TIME);
        }
        if (o instanceof java.time.temporal.TemporalAccessor) {
            return o.toString();
        }
        if (o instanceof byte[]) {
            return Base64.getEncoder().encodeToString((byte[]) o);
        }
        if (o instanceof Object[]) {
            return list(o);
        }
        return null;
    }

    /**
     * The elements of an array, each converted by its SQL type like a column (so nested arrays and serialized Java
     * objects are handled as everywhere else, never deserialized).
     */
    private static List<Object> elements(Array array) throws SQLException {
        List<Object> out = new ArrayList<>();
        try (ResultSet rs = array.getResultSet()) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                out.add(value(rs, md, 2)); // column 1 is the index, 2 the element
            }
        }
        return out;
    }

    private static List<Object> list(Object array) {
        List<Object> out = new ArrayList<>();
        if (array instanceof Object[]) {
            for (Object e : (Object[]) array) {
                Object p = e == null ? null : plain(e);
                out.add(e == null ? null : p != null ? p : e.toString());
            }
        } else if (array != null && array.getClass().isArray()) {
            int n = java.lang.reflect.Array.getLength(array);
            for (int i = 0; i < n; i++) {
                out.add(plain(java.lang.reflect.Array.get(array, i)));
            }
        }
        return out;
    }

    /**
     * True when the statement only reads: it starts (after comments and parentheses) with {@code SELECT},
     * {@code VALUES}, {@code TABLE} or {@code SHOW}, or with {@code WITH} and has no {@code INSERT}, {@code UPDATE},
     * {@code DELETE} or {@code MERGE}. Everything else counts as a write (run in a transaction, skipped in dry runs).
     * A guess from the text: it decides what a dry run reports as skipped, never whether a dry run is safe (a dry
     * run's transaction is read-only and rolled back whatever the statement).
     */
    static boolean isQuery(String sql) {
        String keyword = firstKeyword(sql);
        switch (keyword) {
            case "SELECT":
            case "VALUES":
            case "TABLE":
            case "SHOW":
                return true;
            case "WITH":
                return !WRITE_IN_WITH.matcher(sql).find();
            default:
                return false;
        }
    }

    /** The first word of the statement, upper-case, skipping white space, comments and opening parentheses. */
    static String firstKeyword(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }

    /** A database error as a step failure: the driver's message, which names the problem (and often the SQL). */
    static IllegalStateException failure(SQLException e, String sql) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getMessage().strip().replaceAll("\\s*\n\\s*", " ");
        StringBuilder sb = new StringBuilder("SQL error");
        if (e.getSQLState() != null) {
            sb.append(" (").append(e.getSQLState()).append(')');
        }
        sb.append(": ").append(message);
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        if (!message.contains(oneLine)) {
            sb.append(" [SQL: ").append(abbreviate(oneLine, 300)).append(']');
        }
        return new IllegalStateException(sb.toString(), e);
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
