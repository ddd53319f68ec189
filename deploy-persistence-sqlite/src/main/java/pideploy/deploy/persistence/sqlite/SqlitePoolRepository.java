package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.pool.PoolFilter;
import pideploy.deploy.core.port.PoolRepository;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/** Persistence adapter: hostname pool entries in table {@code pool_entry}. */
final class SqlitePoolRepository implements PoolRepository {
    private static final String COUNTS = """
            SELECT venue, product,
                   sum(state = 'available') AS available, sum(state = 'assigned') AS assigned,
                   sum(state = 'retired') AS retired
            FROM pool_entry""";
    private final Connection c;

    SqlitePoolRepository(Connection c) {
        this.c = c;
    }

    @Override
    public boolean addIfAbsent(PoolEntry e) {
        // DO NOTHING skips only rows that hit the primary key or the unique hostname (unlike OR IGNORE, which would
        // also swallow check and NOT NULL violations); a broken foreign key still raises.
        return Sql.update(
                        c,
                        """
                INSERT INTO pool_entry (venue, product, number, hostname, state, holder, assigned_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                        e.venue().value(),
                        e.product().value(),
                        e.number(),
                        e.hostname().value(),
                        e.state().wireName(),
                        e.holder().isPresent() ? e.holder().getAsLong() : null,
                        e.assignedAt().orElse(null))
                == 1;
    }

    @Override
    public void update(PoolEntry e) {
        int n = Sql.update(
                c,
                """
                UPDATE pool_entry SET state = ?, holder = ?, assigned_at = ?
                WHERE venue = ? AND product = ? AND number = ?""",
                e.state().wireName(),
                e.holder().isPresent() ? e.holder().getAsLong() : null,
                e.assignedAt().orElse(null),
                e.venue().value(),
                e.product().value(),
                e.number());
        if (n == 0) {
            throw new StorageException("no pool entry " + e.hostname() + " to update");
        }
    }

    @Override
    public Optional<PoolEntry> lowestAvailable(VenueCode venue, ProductCode product) {
        return Sql.one(c, """
                SELECT * FROM pool_entry WHERE venue = ? AND product = ? AND state = 'available'
                ORDER BY number LIMIT 1""", SqlitePoolRepository::map, venue.value(), product.value());
    }

    @Override
    public Optional<PoolEntry> findByHostname(Hostname hostname) {
        return Sql.one(c, "SELECT * FROM pool_entry WHERE hostname = ?", SqlitePoolRepository::map, hostname.value());
    }

    @Override
    public Optional<PoolEntry> findByHolder(long deviceId) {
        return Sql.one(c, "SELECT * FROM pool_entry WHERE holder = ?", SqlitePoolRepository::map, deviceId);
    }

    @Override
    public List<PoolEntry> list(PoolFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT * FROM pool_entry WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        filter.venue().ifPresent(v -> {
            sql.append(" AND venue = ?");
            params.add(v.value());
        });
        filter.product().ifPresent(p -> {
            sql.append(" AND product = ?");
            params.add(p.value());
        });
        filter.state().ifPresent(s -> {
            sql.append(" AND state = ?");
            params.add(s.wireName());
        });
        sql.append(" ORDER BY venue, product, number");
        return Sql.list(c, sql.toString(), SqlitePoolRepository::map, params.toArray());
    }

    @Override
    public PoolCounts counts(VenueCode venue, ProductCode product) {
        return Sql.one(
                        c,
                        COUNTS + " WHERE venue = ? AND product = ? GROUP BY venue, product",
                        SqlitePoolRepository::mapCounts,
                        venue.value(),
                        product.value())
                .orElseGet(() -> new PoolCounts(venue, product, 0, 0, 0));
    }

    @Override
    public List<PoolCounts> allCounts() {
        return Sql.list(
                c, COUNTS + " GROUP BY venue, product ORDER BY venue, product", SqlitePoolRepository::mapCounts);
    }

    private static PoolCounts mapCounts(ResultSet rs) throws SQLException {
        return new PoolCounts(
                VenueCode.of(rs.getString("venue")),
                ProductCode.of(rs.getString("product")),
                rs.getInt("available"),
                rs.getInt("assigned"),
                rs.getInt("retired"));
    }

    private static PoolEntry map(ResultSet rs) throws SQLException {
        long holder = rs.getLong("holder");
        OptionalLong h = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(holder);
        return new PoolEntry(
                VenueCode.of(rs.getString("venue")),
                ProductCode.of(rs.getString("product")),
                rs.getInt("number"),
                Hostname.of(rs.getString("hostname")),
                PoolEntryState.parse(rs.getString("state")),
                h,
                Sql.optionalInstant(rs, "assigned_at"));
    }
}
