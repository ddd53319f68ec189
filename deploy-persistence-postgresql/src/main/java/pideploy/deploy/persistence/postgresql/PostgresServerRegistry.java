package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import pideploy.deploy.core.port.ServerRegistry;
import pideploy.deploy.core.server.FleetServer;
import pideploy.deploy.core.server.ServerName;

/** Persistence adapter: the fleet's servers in table {@code fleet_server} (ADR-0098); each call its own transaction. */
final class PostgresServerRegistry implements ServerRegistry {
    private final DataSource dataSource;

    PostgresServerRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private <T> T with(Function<Connection, T> work) {
        return Sql.withConnection(dataSource, "connection", work);
    }

    @Override
    public Optional<FleetServer> heartbeat(FleetServer s) {
        return with(c -> {
            // Two statements: the answer is what the name had a moment ago, good enough to warn about a shared name.
            Optional<FleetServer> before = Sql.one(
                    c,
                    "SELECT * FROM fleet_server WHERE name = ?",
                    PostgresServerRegistry::map,
                    s.name().value());
            Sql.update(
                    c, """
                    INSERT INTO fleet_server (name, instance, version, device_url, started_at, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET instance = excluded.instance, version = excluded.version,
                        device_url = excluded.device_url, started_at = excluded.started_at,
                        heartbeat_at = excluded.heartbeat_at""", s.name().value(), s.instance(), s.version(), s.deviceUrl(), s.startedAt(), s.heartbeatAt());
            return before;
        });
    }

    @Override
    public List<FleetServer> list() {
        return with(c -> Sql.list(c, "SELECT * FROM fleet_server ORDER BY name", PostgresServerRegistry::map));
    }

    private static FleetServer map(ResultSet rs) throws SQLException {
        return new FleetServer(
                ServerName.of(rs.getString("name")),
                rs.getString("instance"),
                rs.getString("version"),
                rs.getString("device_url"),
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "heartbeat_at"));
    }
}
