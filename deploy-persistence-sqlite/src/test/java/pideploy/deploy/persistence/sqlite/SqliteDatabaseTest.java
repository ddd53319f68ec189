package pideploy.deploy.persistence.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.port.CorruptStorageException;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.port.StorageFullException;
import pideploy.deploy.core.venue.VenueCode;

/** SQLite-only behaviour: migrations, connection settings, error translation, restarts, busy timeouts. */
class SqliteDatabaseTest {
    @TempDir
    Path dir;

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement();
                var rs = st.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void appliesTheMigrationsWithFlywayOnce() throws Exception {
        Path file = dir.resolve("sub/dir/pideploy.db");
        List<String> applied;
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file))) {
            applied = Sql.list(
                    db.dataSource().getConnection(),
                    "SELECT version FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL",
                    rs -> rs.getString(1));
            // Each helper adds its migration after the others: the first ones are fixed, more may follow.
            assertThat(applied).startsWith("1", "2", "3");
        }
        try (SqliteDatabase again = SqliteDatabase.open(new SqliteSettings(file));
                Connection c = again.dataSource().getConnection()) {
            assertThat(Sql.count(c, "SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL"))
                    .isEqualTo(applied.size());
        }
    }

    @Test
    void opensEveryConnectionWithWalForeignKeysBusyTimeoutAndNormalSync() throws Exception {
        try (SqliteDatabase db =
                SqliteDatabase.open(new SqliteSettings(dir.resolve("p.db"), 3, Duration.ofSeconds(7)))) {
            for (int i = 0; i < 3; i++) {
                try (Connection c = db.dataSource().getConnection()) {
                    assertThat(pragma(c, "journal_mode")).isEqualToIgnoringCase("wal");
                    assertThat(pragma(c, "foreign_keys")).isEqualTo("1");
                    assertThat(pragma(c, "busy_timeout")).isEqualTo("7000");
                    assertThat(pragma(c, "synchronous")).isEqualTo("1");
                    assertThat(pragma(c, "locking_mode")).isEqualToIgnoringCase("normal");
                }
            }
        }
    }

    @Test
    void keepsTheFleetAcrossARestart() {
        Path file = dir.resolve("p.db");
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file))) {
            FleetFixtures.seed(db.fleetStore());
        }
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file))) {
            assertThat(db.fleetStore().read((FleetTransaction tx) -> tx.venues().find(VenueCode.of("CORO"))))
                    .isPresent();
        }
    }

    @Test
    void letsTheSchemaRejectWhatTheDomainWouldNever() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dir.resolve("p.db")));
                Connection c = db.dataSource().getConnection()) {
            FleetFixtures.seed(db.fleetStore());
            List<String> rejected = List.of(
                    "INSERT INTO venue (code, name, created_at) VALUES ('co-o', 'x', 0)",
                    "INSERT INTO product (code, strategy, created_at) VALUES ('AB12', 'random', 0)",
                    "INSERT INTO pool_entry (venue, product, number, hostname, state) VALUES ('CORO', 'KXP2', 1, 'A', 'assigned')",
                    "INSERT INTO pool_entry (venue, product, number, hostname, state) VALUES ('NONE', 'KXP2', 1, 'B', 'available')",
                    "INSERT INTO batch (venue, product, count, remaining, priority, state, created_at, updated_at) "
                            + "VALUES ('CORO', 'KXP2', 5, 6, 0, 'pending', 0, 0)",
                    "INSERT INTO deployment (hostname, product, venue, image_version, status, bytes_done, bytes_total, "
                            + "started_at, updated_at) VALUES ('H', 'KXP2', 'CORO', '1', 'rebooting', 0, 0, 0, 0)");
            for (String sql : rejected) {
                assertThatThrownBy(() -> Sql.update(c, sql)).as(sql).isInstanceOf(StorageException.class);
            }
        }
    }

    @Test
    void translatesUniqueViolationsToDuplicateKeyAndOthersToStorageException() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dir.resolve("p.db")));
                Connection c = db.dataSource().getConnection()) {
            Sql.update(c, "INSERT INTO product (code, strategy, created_at) VALUES ('AB12', 'pool', 0)");

            assertThatThrownBy(() -> Sql.update(
                            c, "INSERT INTO product (code, strategy, created_at) VALUES ('AB12', 'pool', 0)"))
                    .isInstanceOf(DuplicateKeyException.class);
            assertThatThrownBy(() -> Sql.update(c, "INSERT INTO nowhere VALUES (1)"))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("nowhere");
        }
    }

    @Test
    void translatesADatabaseThatCannotGrowToStorageFullNotBusy() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(dir.resolve("p.db")));
                Connection c = db.dataSource().getConnection()) {
            // SQLite's own size cap answers SQLITE_FULL, the code a full disk gives (os_unix.c maps ENOSPC to it).
            long pages = Sql.count(c, "PRAGMA page_count");
            Sql.list(c, "PRAGMA max_page_count = " + (pages + 2), rs -> rs.getLong(1));

            assertThatThrownBy(() -> Sql.update(
                            c,
                            "INSERT INTO product (code, strategy, created_at) "
                                    + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) "
                                    + "SELECT printf('P%03d', i), 'pool', 0 FROM n"))
                    .isInstanceOf(StorageFullException.class)
                    .hasMessageContaining("full")
                    .hasMessageNotContaining("busy");
        }
    }

    @Test
    void refusesToOpenAPageCorruptedDatabaseNamingTheFileAndHowToRestore() throws Exception {
        Path file = dir.resolve("pideploy.db");
        long pageSize;
        long pages;
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file));
                Connection c = db.dataSource().getConnection()) {
            FleetFixtures.seed(db.fleetStore());
            Sql.update(
                    c,
                    "INSERT INTO product (code, strategy, created_at) "
                            + "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                            + "SELECT printf('Q%03d', i), 'pool', 0 FROM n");
            pageSize = Sql.count(c, "PRAGMA page_size");
            pages = Sql.count(c, "PRAGMA page_count");
        }
        // Garbage over a page of the middle of the file (table pages; the schema on page 1 stays readable).
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[(int) pageSize];
            java.util.Arrays.fill(junk, (byte) 0x5a);
            ch.write(ByteBuffer.wrap(junk), (pages - 3) * pageSize);
        }

        assertThatThrownBy(() -> SqliteDatabase.open(new SqliteSettings(file)))
                .isInstanceOf(CorruptStorageException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("integrity check")
                .hasMessageContaining("docs/operations.md");
    }

    @Test
    void givesUpWithAStorageExceptionWhenAnotherProcessHoldsTheWriteLockTooLong() throws Exception {
        Path file = dir.resolve("p.db");
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file, 2, Duration.ofMillis(300)));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = other.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            long start = System.nanoTime();

            assertThatThrownBy(() -> db.fleetStore().write(tx -> {
                        tx.venues().add(FleetFixtures.venue(VenueCode.of("CORO")));
                        return null;
                    }))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("busy");

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            st.execute("ROLLBACK");
            db.fleetStore().write(tx -> {
                tx.venues().add(FleetFixtures.venue(VenueCode.of("CORO")));
                return null;
            });
            assertThat(db.fleetStore().read((FleetTransaction tx) -> tx.venues().list()))
                    .hasSize(1);
        }
    }

    @Test
    void readsDoNotWaitForAnotherProcesssWrite() throws Exception {
        Path file = dir.resolve("p.db");
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(file, 2, Duration.ofMillis(300)));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = other.createStatement()) {
            FleetFixtures.seed(db.fleetStore());
            st.execute("BEGIN IMMEDIATE");
            st.execute("DELETE FROM venue WHERE code = 'LEMA'");

            assertThat(db.fleetStore().read((FleetTransaction tx) -> tx.venues().list()))
                    .hasSize(2);
            db.fleetStore().ping();
            st.execute("COMMIT");
            assertThat(db.fleetStore().read((FleetTransaction tx) -> tx.venues().list()))
                    .hasSize(1);
        }
    }

    @Test
    void leavesNoConnectionReadOnlyAfterAReadTransaction() {
        try (SqliteDatabase db =
                SqliteDatabase.open(new SqliteSettings(dir.resolve("p.db"), 2, Duration.ofSeconds(1)))) {
            for (int i = 0; i < 4; i++) {
                db.fleetStore().read((FleetTransaction tx) -> tx.venues().list());
                db.auditLog()
                        .append(new pideploy.deploy.core.operator.NewAuditEntry(FleetFixtures.T0, "test", "x", "", ""));
                FleetFixtures.seed(db.fleetStore());
                db.fleetStore().write((FleetTransaction tx) -> {
                    tx.venues().list().forEach(v -> tx.venues().update(v));
                    return null;
                });
                db.fleetStore().read((FleetTransaction tx) -> tx.products().list());
                db.fleetStore().write((FleetTransaction tx) -> {
                    tx.venues().list().forEach(v -> tx.venues().update(v));
                    return null;
                });
                db.fleetStore().write((FleetTransaction tx) -> {
                    var venues = tx.venues().list();
                    return venues.size();
                });
                cleanVenuesAndProducts(db);
            }
            assertThat(db.auditLog().query(pideploy.deploy.core.operator.AuditQuery.latest(10)))
                    .hasSize(4);
        }
    }

    private static void cleanVenuesAndProducts(SqliteDatabase db) {
        try (Connection c = db.dataSource().getConnection()) {
            Sql.update(c, "DELETE FROM venue");
            Sql.update(c, "DELETE FROM product");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesImpossibleSettings() {
        assertThatThrownBy(() -> new SqliteSettings(dir.resolve("x.db"), 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pool size");
        assertThatThrownBy(() -> new SqliteSettings(dir.resolve("x.db"), 4, Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("busy timeout");
    }
}
