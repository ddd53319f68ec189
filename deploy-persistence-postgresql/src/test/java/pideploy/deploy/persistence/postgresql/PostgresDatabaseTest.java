package pideploy.deploy.persistence.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.port.StorageException;

/** Opening a database: the errors an operator meets, and what a second server on the same database sees. */
class PostgresDatabaseTest {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @Test
    void anUnreachableDatabaseIsNamedWithWhatToCheck() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/fleet";
        assertThatThrownBy(() -> PostgresDatabase.open(
                        new PostgresSettings(url, Optional.of("pideploy"), Optional.of("secret-password"))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot reach the PostgreSQL database " + url)
                .hasMessageContaining("pideploy")
                .hasMessageContaining("PIDEPLOY_DATABASE")
                .hasMessageNotContaining("secret-password");
    }

    @Test
    void aWrongPasswordSaysWhereThePasswordComesFrom() {
        LocalPostgres.TestDatabase db = POSTGRES.freshDatabase();
        assertThatThrownBy(() -> PostgresDatabase.open(
                        new PostgresSettings(db.url(), Optional.of(db.user()), Optional.of("not-the-password"))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("refused user " + db.user())
                .hasMessageContaining("PIDEPLOY_DATABASE_PASSWORD_FILE")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aMissingDatabaseSaysToCreateIt() {
        LocalPostgres.TestDatabase db = POSTGRES.freshDatabase();
        String url = POSTGRES.cluster().url("no_such_fleet");
        assertThatThrownBy(() -> PostgresDatabase.open(
                        new PostgresSettings(url, Optional.of(db.user()), Optional.of(db.password()))))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("no_such_fleet")
                .hasMessageContaining("CREATE DATABASE");
    }

    @Test
    void aSchemaNewerThanThisServerIsRefusedAndLeftAlone() throws Exception {
        LocalPostgres.TestDatabase db = POSTGRES.freshDatabase();
        try (PostgresDatabase first = PostgresDatabase.open(db.settings())) {
            FleetFixtures.seed(first.fleetStore());
        }
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement()) {
            // What a newer server's migration would leave behind.
            s.executeUpdate("""
                    INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                        installed_by, execution_time, success)
                    VALUES (99, '99', 'from the future', 'SQL', 'V99__from_the_future.sql', 0, 'test', 1, true)""");
        }

        assertThatThrownBy(() -> PostgresDatabase.open(db.settings()))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("newer than this server")
                .hasMessageContaining("version 99")
                .hasMessageContaining("Upgrade this server");
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM venue")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the fleet is untouched").isEqualTo(2);
        }
    }

    @Test
    void aSecondServerOnTheSameDatabaseSeesTheFirstsWritesAndMigratesNothing() {
        LocalPostgres.TestDatabase db = POSTGRES.freshDatabase();
        try (PostgresDatabase a = PostgresDatabase.open(db.settings());
                PostgresDatabase b = PostgresDatabase.open(db.settings())) {
            FleetFixtures.seed(a.fleetStore());
            assertThat(b.fleetStore().read((FleetTransaction tx) -> tx.venues().list()))
                    .hasSize(2);
        }
    }

    @Test
    void aWriteWaitsForAnotherServersWriteOnlyUpToTheLockTimeout() throws Exception {
        LocalPostgres.TestDatabase db = POSTGRES.freshDatabase();
        PostgresSettings quick = new PostgresSettings(
                db.url(), Optional.of(db.user()), Optional.of(db.password()), 2, Duration.ofMillis(300));
        try (PostgresDatabase server = PostgresDatabase.open(quick);
                Connection other = DriverManager.getConnection(db.url(), db.user(), db.password());
                Statement st = other.createStatement()) {
            other.setAutoCommit(false);
            st.execute("SELECT pg_advisory_xact_lock(" + PostgresFleetStore.FLEET_WRITE_LOCK + ")");

            assertThatThrownBy(() -> FleetFixtures.seed(server.fleetStore()))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("busy");
            assertThat(server.fleetStore()
                            .read((FleetTransaction tx) -> tx.venues().list()))
                    .as("reads do not wait for writers")
                    .isEmpty();
            other.rollback();
            FleetFixtures.seed(server.fleetStore());
            assertThat(server.fleetStore()
                            .read((FleetTransaction tx) -> tx.venues().list()))
                    .hasSize(2);
        }
    }

    @Test
    void refusesAPasswordInTheUrlAndNeverPrintsOne() {
        assertThatThrownBy(() -> new PostgresSettings(
                        "jdbc:postgresql://db/fleet?user=x&password=hunter2", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PIDEPLOY_DATABASE_PASSWORD_FILE")
                .hasMessageNotContaining("hunter2");
        assertThat(new PostgresSettings("jdbc:postgresql://db/fleet", Optional.of("pideploy"), Optional.of("hunter2"))
                        .toString())
                .doesNotContain("hunter2")
                .contains("jdbc:postgresql://db/fleet");
        assertThatThrownBy(() -> new PostgresSettings("jdbc:sqlite:/x", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql://");
    }
}
