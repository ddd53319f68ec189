package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import pideploy.deploy.core.batch.Batch;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.batch.BatchState;
import pideploy.deploy.core.batch.ExpectedDevices;
import pideploy.deploy.core.deployment.BatchBreaker;
import pideploy.deploy.core.deployment.CircuitBreaker;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.port.BatchRepository;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/** Persistence adapter: batches in table {@code batch}. */
final class PostgresBatchRepository implements BatchRepository {
    private final Connection c;

    PostgresBatchRepository(Connection c) {
        this.c = c;
    }

    @Override
    public Batch add(VenueCode venue, ProductCode product, int count, int priority, Instant now) {
        long id = Sql.insert(c, """
                INSERT INTO batch (venue, product, count, remaining, priority, state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?, ?) RETURNING id""", venue.value(), product.value(), count, count, priority, now, now);
        return new Batch(new BatchId(id), venue, product, count, count, priority, BatchState.PENDING, now, now);
    }

    @Override
    public void update(Batch b) {
        int n = Sql.update(
                c,
                "UPDATE batch SET remaining = ?, priority = ?, state = ?, updated_at = ? WHERE id = ?",
                b.remaining(),
                b.priority(),
                b.state().wireName(),
                b.updatedAt(),
                b.id().value());
        if (n == 0) {
            throw new StorageException("no batch " + b.id() + " to update");
        }
    }

    @Override
    public Optional<Batch> find(BatchId id) {
        return Sql.one(c, "SELECT * FROM batch WHERE id = ?", PostgresBatchRepository::map, id.value());
    }

    @Override
    public Optional<Batch> nextActive() {
        return Sql.one(c, """
                SELECT * FROM batch WHERE state = 'active' AND remaining > 0
                ORDER BY priority DESC, id LIMIT 1""", PostgresBatchRepository::map);
    }

    @Override
    public List<Batch> list() {
        return Sql.list(c, "SELECT * FROM batch ORDER BY id DESC", PostgresBatchRepository::map);
    }

    @Override
    public void setExpected(BatchId id, ExpectedDevices devices) {
        if (Sql.count(c, "SELECT count(*) FROM batch WHERE id = ?", id.value()) == 0) {
            throw new StorageException("no batch " + id + " to list devices for");
        }
        Sql.update(c, "DELETE FROM batch_expected_device WHERE batch_id = ?", id.value());
        for (SerialNumber s : devices.serials()) {
            Sql.update(
                    c,
                    "INSERT INTO batch_expected_device (batch_id, kind, value) VALUES (?, 'serial', ?)",
                    id.value(),
                    s.value());
        }
        for (MacAddress m : devices.macs()) {
            Sql.update(
                    c,
                    "INSERT INTO batch_expected_device (batch_id, kind, value) VALUES (?, 'mac', ?)",
                    id.value(),
                    m.value());
        }
    }

    @Override
    public ExpectedDevices expected(BatchId id) {
        Set<SerialNumber> serials = new HashSet<>();
        Set<MacAddress> macs = new HashSet<>();
        Sql.list(
                c,
                "SELECT kind, value FROM batch_expected_device WHERE batch_id = ?",
                rs -> {
                    if (rs.getString("kind").equals("serial")) {
                        serials.add(SerialNumber.of(rs.getString("value")));
                    } else {
                        macs.add(MacAddress.of(rs.getString("value")));
                    }
                    return null;
                },
                id.value());
        return serials.isEmpty() && macs.isEmpty() ? ExpectedDevices.ANY : new ExpectedDevices(serials, macs);
    }

    @Override
    public boolean admits(BatchId id, DeviceIdentity device) {
        // One indexed lookup instead of reading a list of thousands on every config request.
        if (Sql.count(c, "SELECT EXISTS (SELECT 1 FROM batch_expected_device WHERE batch_id = ?)::int", id.value())
                == 0) {
            return true;
        }
        return Sql.count(
                        c,
                        """
                SELECT EXISTS (SELECT 1 FROM batch_expected_device WHERE batch_id = ?
                    AND ((kind = 'serial' AND value = ?) OR (kind = 'mac' AND value = ?)))::int""",
                        id.value(),
                        device.serial().map(SerialNumber::value).orElse(""),
                        device.mac().map(MacAddress::value).orElse(""))
                == 1;
    }

    @Override
    public BatchBreaker breaker(BatchId id) {
        return Sql.one(
                        c,
                        "SELECT breaker_failures, breaker_window, breaker_tripped, breaker_since FROM batch WHERE id = ?",
                        rs -> {
                            int failures = rs.getInt("breaker_failures");
                            Optional<CircuitBreaker> rule = rs.wasNull()
                                    ? Optional.empty()
                                    : Optional.of(new CircuitBreaker(failures, rs.getInt("breaker_window")));
                            return new BatchBreaker(
                                    rule,
                                    Sql.optionalString(rs, "breaker_tripped"),
                                    Sql.instant(rs.getLong("breaker_since")));
                        },
                        id.value())
                .orElse(BatchBreaker.OFF);
    }

    @Override
    public void setBreaker(BatchId id, BatchBreaker breaker) {
        int n = Sql.update(
                c,
                """
                UPDATE batch SET breaker_failures = ?, breaker_window = ?, breaker_tripped = ?, breaker_since = ?
                WHERE id = ?""",
                breaker.rule().map(CircuitBreaker::failures).orElse(null),
                breaker.rule().map(CircuitBreaker::window).orElse(null),
                breaker.trippedReason().orElse(null),
                breaker.countsFrom(),
                id.value());
        if (n == 0) {
            throw new StorageException("no batch " + id + " to set a breaker on");
        }
    }

    private static Batch map(ResultSet rs) throws SQLException {
        return new Batch(
                new BatchId(rs.getLong("id")),
                VenueCode.of(rs.getString("venue")),
                ProductCode.of(rs.getString("product")),
                rs.getInt("count"),
                rs.getInt("remaining"),
                rs.getInt("priority"),
                BatchState.parse(rs.getString("state")),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
