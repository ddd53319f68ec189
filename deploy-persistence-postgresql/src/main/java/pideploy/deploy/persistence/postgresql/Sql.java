package pideploy.deploy.persistence.postgresql;

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
import pideploy.deploy.core.port.CorruptStorageException;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.port.StorageFullException;

/**
 * Small JDBC helpers: binding, mapping, time conversion and the translation of PostgreSQL errors (by SQLSTATE) to port
 * exceptions. The same shape as the SQLite adapter's, so the repositories read alike.
 */
final class Sql {
    private Sql() {}

    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code work} on a pooled connection in auto-commit mode (each statement its own transaction), for the
     * repositories that live outside {@link PostgresFleetStore}'s transactions.
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

    /** Runs an {@code INSERT ... RETURNING <key>} and returns the new row's key. */
    static long insert(Connection c, String sql, Object... params) {
        return one(c, sql, rs -> rs.getLong(1), params)
                .orElseThrow(() -> new StorageException("no key returned by [" + abbreviate(sql) + "]"));
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
     * Unique and primary-key violations become {@link DuplicateKeyException}; a full disk {@link StorageFullException};
     * data the server reports damaged {@link CorruptStorageException}; a lock wait past the timeout and a lost
     * connection a {@link StorageException} that says so; everything else a {@link StorageException}.
     */
    static RuntimeException translate(SQLException e, String what) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("23505")) {
            return new DuplicateKeyException("duplicate key: " + e.getMessage(), e);
        }
        if (state.equals("53100") || state.equals("53200")) {
            return new StorageFullException(
                    "the PostgreSQL server is out of disk space or memory (free space on the " + "database server): "
                            + e.getMessage(),
                    e);
        }
        if (state.equals("XX001") || state.equals("XX002")) {
            return new CorruptStorageException(
                    "the PostgreSQL server reports damaged data (" + state + "); restore "
                            + "the database from its backup as docs/operations.md \"PostgreSQL\" describes: "
                            + e.getMessage(),
                    e);
        }
        if (state.equals("55P03") || state.equals("57014")) {
            return new StorageException(
                    "database is busy (another server's write held the fleet lock past the " + "lock timeout): "
                            + e.getMessage(),
                    e);
        }
        if (state.startsWith("08") || state.equals("57P01") || state.equals("57P03")) {
            return new StorageException(
                    "database unreachable (PostgreSQL connection lost or refused): " + e.getMessage(), e);
        }
        return new StorageException("database error on [" + abbreviate(what) + "]: " + e.getMessage(), e);
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
    }
}
