package pideploy.deploy.persistence.postgresql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import javax.sql.DataSource;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.GroupOutcome;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.profile.SecretSeal;

/**
 * {@link FleetStore} on PostgreSQL, for one or several servers on one database (ADR-0059). A write is one READ
 * COMMITTED transaction that first takes the fleet's transaction-scoped advisory lock ({@link #FLEET_WRITE_LOCK}):
 * every write of every server is serialised as SQLite's single writer lock serialises them, so the core's
 * read-modify-write decisions (device by serial, batch countdown, lowest free hostname) stay exactly as they are on
 * SQLite. {@code lock_timeout} bounds the wait. Inside this process writers queue on a fair lock first, so one
 * connection per server waits on the database lock instead of the whole pool. Reads are REPEATABLE READ READ ONLY: one
 * snapshot, never blocked by writers, and a write inside one fails at once. A group ({@link #writeGroup}, ADR-0053) is
 * one such transaction, one lock and one commit, with a {@code SAVEPOINT} around each work so a failing work is undone
 * alone (PostgreSQL refuses every statement after an error until the rollback to the savepoint).
 */
final class PostgresFleetStore implements FleetStore {
    /**
     * Key of the advisory lock every write takes: the bytes of "PiDeploy" as a big-endian long, so it is recognisable
     * in {@code pg_locks} and unlikely to meet another application's key on a shared database.
     */
    static final long FLEET_WRITE_LOCK = 0x50694465706c6f79L;

    private final DataSource dataSource;
    private final Duration lockTimeout;
    private final String origin;
    private final SecretSeal seal;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    /**
     * @param origin names this process in the notifications its writes cause (ADR-0097), so its own listener can tell
     *               them from other servers'
     * @param seal   seals profile secrets at rest (ADR-0093)
     */
    PostgresFleetStore(DataSource dataSource, Duration lockTimeout, String origin, SecretSeal seal) {
        this.dataSource = dataSource;
        this.lockTimeout = lockTimeout;
        this.origin = origin;
        this.seal = seal;
    }

    @Override
    public <T> T write(Function<FleetTransaction, T> work) {
        writeLock.lock();
        try {
            return inTransaction(false, work);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> List<GroupOutcome<T>> writeGroup(List<? extends Function<FleetTransaction, ? extends T>> works) {
        writeLock.lock();
        try {
            return inTransaction(false, tx -> runIsolated(((PostgresTransaction) tx).c(), tx, works));
        } finally {
            writeLock.unlock();
        }
    }

    private static <T> List<GroupOutcome<T>> runIsolated(
            Connection c, FleetTransaction tx, List<? extends Function<FleetTransaction, ? extends T>> works) {
        List<GroupOutcome<T>> outcomes = new ArrayList<>(works.size());
        for (Function<FleetTransaction, ? extends T> work : works) {
            Sql.execute(c, "SAVEPOINT work");
            T result;
            try {
                result = work.apply(tx);
            } catch (RuntimeException e) {
                undo(c, e);
                outcomes.add(new GroupOutcome.Failed<>(e));
                continue;
            }
            Sql.execute(c, "RELEASE SAVEPOINT work");
            outcomes.add(new GroupOutcome.Done<>(result));
        }
        return outcomes;
    }

    /**
     * Undoes one failed work of a group. A broken connection leaves no savepoint to go back to: the work's own
     * failure then fails the whole group (nothing of it is committed).
     */
    private static void undo(Connection c, RuntimeException failure) {
        try {
            Sql.execute(c, "ROLLBACK TO SAVEPOINT work");
            Sql.execute(c, "RELEASE SAVEPOINT work");
        } catch (RuntimeException gone) {
            failure.addSuppressed(gone);
            throw failure;
        }
    }

    @Override
    public <T> T read(Function<FleetTransaction, T> work) {
        return inTransaction(true, work);
    }

    private <T> T inTransaction(boolean readOnly, Function<FleetTransaction, T> work) {
        try (Connection c = dataSource.getConnection()) {
            // The pool resets auto-commit, isolation and read-only when the connection goes back.
            c.setAutoCommit(false);
            if (readOnly) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            } else {
                c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
            boolean committed = false;
            try {
                if (!readOnly) {
                    Sql.execute(c, "SET LOCAL lock_timeout = " + lockTimeout.toMillis());
                    // One round trip: the origin for the notify triggers (ADR-0097), then the fleet lock.
                    Sql.list(
                            c,
                            "SELECT set_config('" + PostgresNotifications.ORIGIN_SETTING
                                    + "', ?, true), pg_advisory_xact_lock(?)",
                            rs -> null,
                            origin,
                            FLEET_WRITE_LOCK);
                }
                T result = work.apply(new PostgresTransaction(c, seal));
                c.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollback(c);
                }
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "connection");
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException | RuntimeException e) {
            // The original failure is what the caller needs to see; the pool drops a broken connection.
            System.getLogger(PostgresFleetStore.class.getName())
                    .log(System.Logger.Level.WARNING, "rollback failed: {0}", e.getMessage());
        }
    }

    @Override
    public void ping() {
        try (Connection c = dataSource.getConnection()) {
            Sql.count(c, "SELECT count(*) FROM product");
        } catch (SQLException | StorageException e) {
            throw new StorageException("database unreachable: " + e.getMessage(), e);
        }
    }
}
