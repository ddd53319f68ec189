package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.port.DeviceRepository;
import pideploy.deploy.core.port.StorageException;

/** Persistence adapter: devices in table {@code device} (unique serial, unique hostname). */
final class SqliteDeviceRepository implements DeviceRepository {
    private final Connection c;

    SqliteDeviceRepository(Connection c) {
        this.c = c;
    }

    @Override
    public Device add(DeviceIdentity identity, Instant now) {
        long id = Sql.insert(
                c,
                "INSERT INTO device (serial, mac, hostname, first_seen, last_seen) VALUES (?, ?, NULL, ?, ?)",
                Sql.nullable(identity.serial()),
                Sql.nullable(identity.mac()),
                now,
                now);
        return new Device(id, identity.serial(), identity.mac(), Optional.empty(), now, now);
    }

    @Override
    public void update(Device d) {
        int n = Sql.update(
                c,
                "UPDATE device SET serial = ?, mac = ?, hostname = ?, last_seen = ? WHERE id = ?",
                Sql.nullable(d.serial()),
                Sql.nullable(d.mac()),
                Sql.nullable(d.hostname()),
                d.lastSeen(),
                d.id());
        if (n == 0) {
            throw new StorageException("no device " + d.id() + " to update");
        }
    }

    @Override
    public Optional<Device> find(long id) {
        return Sql.one(c, "SELECT * FROM device WHERE id = ?", SqliteDeviceRepository::map, id);
    }

    @Override
    public Optional<Device> findBySerial(SerialNumber serial) {
        return Sql.one(c, "SELECT * FROM device WHERE serial = ?", SqliteDeviceRepository::map, serial.value());
    }

    @Override
    public Optional<Device> findByMac(MacAddress mac) {
        return Sql.one(
                c,
                "SELECT * FROM device WHERE mac = ? ORDER BY last_seen DESC, id DESC LIMIT 1",
                SqliteDeviceRepository::map,
                mac.value());
    }

    @Override
    public Optional<Device> findByHostname(Hostname hostname) {
        return Sql.one(c, "SELECT * FROM device WHERE hostname = ?", SqliteDeviceRepository::map, hostname.value());
    }

    private static Device map(ResultSet rs) throws SQLException {
        return new Device(
                rs.getLong("id"),
                Sql.optionalString(rs, "serial").map(SerialNumber::of),
                Sql.optionalString(rs, "mac").map(MacAddress::of),
                Sql.optionalString(rs, "hostname").map(Hostname::of),
                Sql.instant(rs, "first_seen"),
                Sql.instant(rs, "last_seen"));
    }
}
