package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.venue.Venue;
import pideploy.deploy.core.venue.VenueCode;
import pideploy.deploy.persistence.postgresql.LocalPostgres;
import pideploy.deploy.persistence.postgresql.PostgresExtension;
import pideploy.deploy.server.cli.ExitCodes;
import pideploy.deploy.server.config.DatabaseChoice;

/**
 * The real command line (a separate JVM) with {@code --database} and the password variables (ADR-0060): an
 * unreachable database stops {@code pideploy serve} with the address and no stack trace, and an admin command reads
 * the shared fleet with the password from a file.
 */
class ServeOnPostgresIT {
    @RegisterExtension
    static final PostgresExtension POSTGRES = new PostgresExtension();

    @TempDir
    Path dir;

    @Test
    void serveStopsOnAnUnreachableDatabaseNamingItAndNeverThePassword() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closed + "/fleet";
        Result r = run(
                Map.of("PIDEPLOY_DATABASE_PASSWORD", "sekrit-db-password"),
                "serve",
                "--data",
                dir.resolve("data").toString(),
                "--deploy-listen",
                "127.0.0.1:0",
                "--admin-listen",
                "127.0.0.1:0",
                "--database",
                url,
                "--database-user",
                "pideploy");
        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.STORAGE);
        assertThat(r.output())
                .contains("cannot reach the PostgreSQL database " + url)
                .doesNotContain("sekrit-db-password")
                .doesNotContain("\tat ");
    }

    @Test
    void anAdminCommandReadsTheSharedFleetWithThePasswordFromAFile() throws Exception {
        LocalPostgres.TestDatabase db = POSTGRES.freshDatabase();
        try (Fleet server = Fleet.open(
                dir.resolve("server"),
                EventPublisher.NONE,
                Clock.systemUTC(),
                CoreSettings.DEFAULTS,
                new DatabaseChoice.Postgres(db.settings()))) {
            server.db().fleetStore().write(tx -> {
                tx.venues().add(new Venue(VenueCode.of("SHRD"), "Shared venue", "", "", Instant.now()));
                return null;
            });
        }
        Path secret = Files.writeString(dir.resolve("db-password"), db.password() + "\n");
        Files.createDirectories(dir.resolve("station"));
        Result r = run(
                Map.of(
                        "PIDEPLOY_DATABASE",
                        db.url(),
                        "PIDEPLOY_DATABASE_USER",
                        db.user(),
                        "PIDEPLOY_DATABASE_PASSWORD_FILE",
                        secret.toString()),
                "venue",
                "list",
                "--data",
                dir.resolve("station").toString());
        assertThat(r.exit()).as(r.output()).isEqualTo(ExitCodes.OK);
        assertThat(r.output()).contains("SHRD").contains("Shared venue");
        assertThat(Files.exists(dir.resolve("station").resolve(Fleet.DATABASE_FILE)))
                .as("no SQLite file")
                .isFalse();
    }

    record Result(int exit, String output) {}

    private static Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(
                List.of(java, "-cp", System.getProperty("java.class.path"), PiDeployMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PIDEPLOY_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("pideploy " + String.join(" ", args) + " did not end: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
