package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.StorageException;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.persistence.postgresql.LocalPostgres;
import pideploy.deploy.persistence.postgresql.PostgresExtension;
import pideploy.deploy.persistence.postgresql.PostgresSettings;
import pideploy.deploy.server.config.DatabaseChoice;

/** The composition root opens the adapter the settings choose (ADR-0060), on a real throwaway PostgreSQL. */
class FleetOnPostgresIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void twoDataDirectoriesOnOneDatabaseAreOneFleet() {
        LocalPostgres.TestDatabase db = POSTGRES.freshDatabase();
        DatabaseChoice choice = new DatabaseChoice.Postgres(db.settings());
        try (Fleet a = Fleet.open(
                        dir.resolve("a"), EventPublisher.NONE, Clock.systemUTC(), CoreSettings.DEFAULTS, choice);
                Fleet b = Fleet.open(
                        dir.resolve("b"), EventPublisher.NONE, Clock.systemUTC(), CoreSettings.DEFAULTS, choice)) {
            assertThat(a.db().where()).isEqualTo(db.url());
            a.db().auditLog()
                    .append(new pideploy.deploy.core.operator.NewAuditEntry(
                            java.time.Instant.now(), "a", "test.write", "", ""));
            assertThat(b.db().auditLog().query(pideploy.deploy.core.operator.AuditQuery.latest(5)))
                    .extracting(e -> e.actor())
                    .contains("a");
            assertThat(b.core().listProducts().list()).isNotEmpty();
            // No SQLite file appears beside the images when the fleet lives in PostgreSQL.
            assertThat(Files.exists(dir.resolve("a").resolve(Fleet.DATABASE_FILE)))
                    .isFalse();
        }
    }

    @Test
    void anUnreachableDatabaseStopsTheOpenWithTheAddress() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/fleet";
        DatabaseChoice choice =
                new DatabaseChoice.Postgres(new PostgresSettings(url, Optional.of("pd"), Optional.empty()));
        assertThatThrownBy(() -> Fleet.open(dir, EventPublisher.NONE, Clock.systemUTC(), CoreSettings.DEFAULTS, choice))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("cannot reach the PostgreSQL database " + url);
    }
}
