package pideploy.deploy.persistence.postgresql;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Listens on the fleet's notification channel (ADR-0097) over one connection of its own, outside the pool: the
 * triggers of migration V6 announce every committed deployment event and every admin command-line change. Events whose
 * origin is this process are dropped (the server published them itself, right after its commit). What arrives in one
 * poll is handed over as one call, in commit order, on the listener thread.
 *
 * <p>If the connection breaks (database restart, network), the listener reconnects every second and then calls
 * {@link Listener#resumed()}: notifications sent while it was away are lost, and the caller asks its clients to reload.
 */
public final class PostgresNotifications implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PostgresNotifications.class.getName());
    /** The channel the V6 triggers notify on. */
    static final String CHANNEL = "pideploy_fleet";
    /** The transaction setting a write sets to its process's origin, read by the event trigger. */
    static final String ORIGIN_SETTING = "pideploy.origin";

    private static final int POLL_MILLIS = 1000;
    private static final long RECONNECT_MILLIS = 1000;

    /** What the listener is told; every call comes from the one listener thread. */
    public interface Listener {
        /** Deployment events other processes committed, by sequence, in commit order (never empty). */
        void eventsCommitted(List<Long> sequences);

        /** The admin command line changed something: what, as its audit entry says ("pool.import CORO/KXP2"). */
        void commandLineChanged(String what);

        /** Listening again after a broken connection: notifications in between are lost. */
        void resumed();
    }

    private final PostgresSettings settings;
    private final String origin;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private PostgresNotifications(PostgresSettings settings, String origin, Listener listener) {
        this.settings = settings;
        this.origin = origin;
        this.listener = listener;
        this.thread = Thread.ofPlatform()
                .name("pideploy-postgresql-listen")
                .daemon(true)
                .unstarted(this::run);
    }

    /**
     * Connects and issues {@code LISTEN} before returning, so nothing committed after this call is missed.
     *
     * @throws pideploy.deploy.core.port.StorageException if the first connection fails
     */
    static PostgresNotifications start(PostgresSettings settings, String origin, Listener listener) {
        PostgresNotifications n = new PostgresNotifications(settings, origin, listener);
        try {
            n.connection = n.connect();
        } catch (SQLException e) {
            throw Sql.translate(e, "LISTEN " + CHANNEL);
        }
        n.thread.start();
        return n;
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        settings.user().ifPresent(u -> p.setProperty("user", u));
        settings.password().ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", "pideploy-listen");
        p.setProperty("connectTimeout", "10");
        // A dead peer is noticed by a failing poll query at the latest; keepalive makes it sooner on idle links.
        p.setProperty("tcpKeepAlive", "true");
        Connection c = DriverManager.getConnection(settings.jdbcUrl(), p);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void run() {
        boolean broken = false;
        while (!closed) {
            try {
                if (broken) {
                    connection = connect();
                    broken = false;
                    LOG.log(Level.INFO, "listening to {0} again", settings.where());
                    listener.resumed();
                }
                PGNotification[] got = connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (got != null && got.length > 0) {
                    deliver(got);
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                if (!broken) {
                    LOG.log(
                            Level.WARNING,
                            "lost the notification connection to {0} (reconnecting every second): {1}",
                            settings.where(),
                            e.getMessage());
                }
                broken = true;
                closeQuietly();
                sleep();
            } catch (RuntimeException e) {
                // A listener's failure must not end listening; the next notification is delivered as usual.
                LOG.log(Level.WARNING, "handling a database notification failed: {0}", e.toString());
            }
        }
    }

    private void deliver(PGNotification[] got) {
        List<Long> events = new ArrayList<>();
        for (PGNotification n : got) {
            String payload = n.getParameter();
            if (payload.startsWith("event ")) {
                String[] parts = payload.split(" ");
                if (parts.length == 3 && !parts[1].equals(origin)) {
                    events.add(Long.parseLong(parts[2]));
                }
            } else if (payload.startsWith("cli ")) {
                if (!events.isEmpty()) {
                    listener.eventsCommitted(List.copyOf(events));
                    events.clear();
                }
                listener.commandLineChanged(payload.substring(4).strip());
            }
        }
        if (!events.isEmpty()) {
            listener.eventsCommitted(List.copyOf(events));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeQuietly() {
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                // already broken
            }
        }
    }

    /** Stops listening and closes the connection; waits up to 5 s for the thread. */
    @Override
    public void close() {
        closed = true;
        closeQuietly();
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
