package pideploy.deploy.core.port;

import java.util.List;
import pideploy.deploy.core.server.FleetServer;

/**
 * The fleet's servers and their last heartbeats (ADR-0098), shared by every server on one database. Each call is its
 * own transaction; no fleet write lock is taken. Thread-safe.
 *
 * @throws StorageException from every method when the database fails
 */
public interface ServerRegistry {
    /**
     * Records the server's heartbeat: adds it, or replaces what its name had (another run's instance included).
     *
     * @return the entry this replaced, if its name had one
     */
    java.util.Optional<FleetServer> heartbeat(FleetServer server);

    /** Every server that ever beat, ordered by name. */
    List<FleetServer> list();
}
