package pideploy.deploy.persistence.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
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
 * {@link FleetStore} on SQLite. A write is {@code BEGIN IMMEDIATE ... COMMIT} on one pooled connection: SQLite's
 * single writer lock serialises it against every other writer, in this process and in others (the admin command
 * line), and the busy timeout bounds the wait. Inside this process writers also queue on a fair lock first, so they
 * wait in order instead of polling SQLite's busy handler (which sleeps in growing steps). Reads use {@code BEGIN}
 * (deferred): a consistent WAL snapshot that never blocks writers. A group ({@link #writeGroup}, ADR-0053) is one
 * {@code BEGIN IMMEDIATE ... COMMIT} with a {@code SAVEPOINT} around each work, so one commit (one WAL append) serves
 * them all and a failing work is undone alone.
 */
final class SqliteFleetStore implements FleetStore {
    private final DataSource dataSource;
    private final SecretSeal seal;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    SqliteFleetStore(DataSource dataSource, SecretSeal seal) {
        this.dataSource = dataSource;
        this.seal = seal;
    }

    @Override
    public <T> T write(Function<FleetTransaction, T> work) {
        writeLock.lock();
        try {
            return inTransaction("BEGIN IMMEDIATE", work);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public <T> List<GroupOutcome<T>> writeGroup(List<? extends Function<FleetTransaction, ? extends T>> works) {
        writeLock.lock();
        try {
            return inTransaction("BEGIN IMMEDIATE", tx -> runIsolated(((SqliteTransaction) tx).c(), tx, works));
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
            Sql.execute(c, "RELEASE work");
            outcomes.add(new GroupOutcome.Done<>(result));
        }
        return outcomes;
    }

    /**
     * Undoes one failed work of a group. A constraint error only ends its statement, so the savepoint is still there;
     * an I/O error, a full disk or a busy database can make SQLite roll back the whole transaction, and then the
     * savepoint is gone: the work's own failure then fails the whole group (nothing of it was committed).
     */
    private static void undo(Connection c, RuntimeException failure) {
        try {
            Sql.execute(c, "ROLLBACK TO work");
            Sql.execute(c, "RELEASE work");
        } catch (RuntimeException gone) {
            failure.addSuppressed(gone);
            throw failure;
        }
    }

    @Override
    public <T> T read(Function<FleetTransaction, T> work) {
        return inTransaction("BEGIN", work);
    }

    private <T> T inTransaction(String begin, Function<FleetTransaction, T> work) {
        boolean readOnly = begin.equals("BEGIN");
        try (Connection c = dataSource.getConnection()) {
            if (readOnly) {
                // A write inside read() would bypass the writers' queue and could fail late with
                // SQLITE_BUSY_SNAPSHOT; query_only makes it fail at once instead.
                Sql.execute(c, "PRAGMA query_only = 1");
            }
            try {
                Sql.execute(c, begin);
                boolean committed = false;
                try {
                    T result = work.apply(new SqliteTransaction(c, seal));
                    Sql.execute(c, "COMMIT");
                    committed = true;
                    return result;
                } finally {
                    if (!committed) {
                        rollback(c);
                    }
                }
            } finally {
                if (readOnly) {
                    // The connection goes back to the pool and may serve a write next.
                    Sql.execute(c, "PRAGMA query_only = 0");
                }
            }
        } catch (SQLException e) {
            throw Sql.translate(e, "connection");
        }
    }

    private static void rollback(Connection c) {
        try {
            Sql.execute(c, "ROLLBACK");
        } catch (RuntimeException e) {
            // The original failure is what the caller needs to see; the connection is closed by the pool if broken.
            System.getLogger(SqliteFleetStore.class.getName())
                    .log(System.Logger.Level.WARNING, "rollback failed: {0}", e.getMessage());
        }
    }

    @Override
    public void ping() {
        try (Connection c = dataSource.getConnection()) {
            Sql.count(c, "SELECT count(*) FROM product");
        } catch (SQLException e) {
            throw new StorageException("database unreachable: " + e.getMessage(), e);
        }
    }
}
