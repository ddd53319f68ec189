package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import pideploy.deploy.core.port.CorruptStorageException;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.port.StorageFullException;

/** Small JDBC helpers: binding, mapping, time conversion and the translation of SQLite errors to port exceptions. */
final class Sql {
    private Sql() {}

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode (each statement its own transaction), for the
     * repositories that live outside {@link SqliteFleetStore}'s transactions.
     */
    static <T> T withConnection(DataSource dataSource, String what, Function<Connection, T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw translate(e, what);
        }
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... params) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(row.map(rs));
                }
                return result;
            }
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    static <T> Optional<T> one(Connection c, String sql, Row<T> row, Object... params) {
        List<T> rows = list(c, sql, row, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    static long count(Connection c, String sql, Object... params) {
        return one(c, sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    static int update(Connection c, String sql, Object... params) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    /** Runs an INSERT and returns the new row's id. */
    static long insert(Connection c, String sql, Object... params) {
        update(c, sql, params);
        return count(c, "SELECT last_insert_rowid()");
    }

    static void execute(Connection c, String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    private static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int index = i + 1;
            switch (p) {
                case null -> ps.setNull(index, Types.NULL);
                case Instant t -> ps.setLong(index, nanos(t));
                case Integer n -> ps.setInt(index, n);
                case Long n -> ps.setLong(index, n);
                case Double d -> ps.setDouble(index, d);
                case Boolean b -> ps.setInt(index, b ? 1 : 0);
                case String s -> ps.setString(index, s);
                default ->
                    throw new IllegalArgumentException(
                            "cannot bind " + p.getClass().getName());
            }
        }
    }

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return instant(rs.getLong(column));
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(instant(v));
    }

    static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static Object nullable(Optional<?> value) {
        return value.map(v -> v instanceof Instant ? v : v.toString()).orElse(null);
    }

    /**
     * Unique and primary-key violations become {@link DuplicateKeyException}; a full disk or database
     * {@link StorageFullException}; a damaged file {@link CorruptStorageException}; everything else a
     * {@link StorageException}. The extended result code is only on {@link SQLiteException#getResultCode()}.
     */
    static RuntimeException translate(SQLException e, String what) {
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                    || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY) {
                return new DuplicateKeyException("duplicate key: " + se.getMessage(), e);
            }
            if (code == SQLiteErrorCode.SQLITE_FULL) {
                return new StorageFullException(
                        "database or disk is full (free space in the data directory, " + "e.g. old images or logs): "
                                + se.getMessage(),
                        e);
            }
            if (isCorruption(code)) {
                return new CorruptStorageException(
                        "the database file is damaged (" + code + "); stop the server and "
                                + "restore it as docs/operations.md \"Back up the data directory\" describes: "
                                + se.getMessage(),
                        e);
            }
            if (code == SQLiteErrorCode.SQLITE_BUSY
                    || code == SQLiteErrorCode.SQLITE_BUSY_SNAPSHOT
                    || code == SQLiteErrorCode.SQLITE_LOCKED) {
                return new StorageException(
                        "database is busy (another writer held it past the busy timeout): " + se.getMessage(), e);
            }
        }
        return new StorageException("database error on [" + abbreviate(what) + "]: " + e.getMessage(), e);
    }

    /** The result codes SQLite gives for a file whose pages or header are not what it wrote. */
    static boolean isCorruption(SQLiteErrorCode code) {
        return code == SQLiteErrorCode.SQLITE_CORRUPT
                || code == SQLiteErrorCode.SQLITE_NOTADB
                || code.name().startsWith("SQLITE_CORRUPT_");
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }
}
