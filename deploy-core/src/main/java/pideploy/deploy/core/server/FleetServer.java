package pideploy.deploy.core.server;

import java.time.Instant;
import java.util.Objects;

/**
 * One server of the fleet as its heartbeat last recorded it (ADR-0098).
 *
 * @param name        the server's name
 * @param instance    names this run of the server (new at every start), so two servers given one name are noticed
 * @param version     the PiDeploy version it runs
 * @param deviceUrl   where devices (and other servers) reach its device listener; may be empty
 * @param startedAt   when this run started
 * @param heartbeatAt its last heartbeat
 */
public record FleetServer(
        ServerName name, String instance, String version, String deviceUrl, Instant startedAt, Instant heartbeatAt) {
    public FleetServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        if (instance == null || instance.isBlank() || instance.length() > 64) {
            throw new IllegalArgumentException("server instance must be 1-64 characters, got '%s'".formatted(instance));
        }
        version = version == null ? "" : version;
        deviceUrl = deviceUrl == null ? "" : deviceUrl;
    }

    /** The same run, beating again at {@code at}. */
    public FleetServer beatAt(Instant at) {
        return new FleetServer(name, instance, version, deviceUrl, startedAt, at);
    }
}
