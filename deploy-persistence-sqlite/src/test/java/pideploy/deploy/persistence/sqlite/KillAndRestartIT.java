package pideploy.deploy.persistence.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.FleetTransaction;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.storage.fs.DirectoryImageStore;

/**
 * A server process killed with SIGKILL in the middle of a boot storm loses nothing it answered: after a restart every
 * hostname it handed out is still held by the same device, the file passes SQLite's integrity check, and retries get
 * the same hostnames back.
 */
class KillAndRestartIT {
    @TempDir
    Path data;

    private DeployCore core(SqliteDatabase db) throws Exception {
        return DeployCore.create(
                db.fleetStore(),
                new DirectoryImageStore(data.resolve("images")),
                EventPublisher.NONE,
                Clock.systemUTC(),
                CoreSettings.DEFAULTS);
    }

    @Test
    void keepsEveryAnsweredAssignmentAfterAKill() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(data.resolve("pideploy.db")))) {
            DeployCore core = core(db);
            FleetFixtures.seed(db.fleetStore());
            core.registerImage()
                    .register(new RegisterImageCommand(
                            KXP2,
                            ImageVersion.of("1.0"),
                            "k.img",
                            new ByteArrayInputStream(new byte[512]),
                            "",
                            Optional.empty(),
                            true));
            core.importPool().importNumbers(ImportPoolCommand.parse(CORO, KXP2, "1-5000"));
        }

        Process server = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        AssignUntilKilled.class.getName(),
                        data.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        Map<Long, String> answered = new HashMap<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (answered.size() < 300 && (line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                answered.put(Long.parseLong(parts[0]), parts[1]);
            }
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(answered).hasSize(300);

        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(data.resolve("pideploy.db")));
                Connection c = db.dataSource().getConnection()) {
            assertThat(Sql.list(c, "PRAGMA integrity_check", rs -> rs.getString(1)))
                    .containsExactly("ok");
            for (var e : answered.entrySet()) {
                Optional<Device> device = db.fleetStore()
                        .read((FleetTransaction tx) -> tx.devices().findBySerial(FleetFixtures.serial(e.getKey())));
                assertThat(device.flatMap(Device::hostname))
                        .as("device %d", e.getKey())
                        .contains(Hostname.of(e.getValue()));
            }
            long holders = Sql.count(c, "SELECT count(*) FROM device WHERE hostname IS NOT NULL");
            PoolCounts counts = core(db).listPool().counts().getFirst();
            assertThat(counts.assigned()).isEqualTo(holders);
            assertThat(counts.total()).isEqualTo(5000);

            long someDevice = answered.keySet().iterator().next();
            ConfigAnswer retry =
                    core(db).answerConfig().answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(someDevice)));
            assertThat(retry)
                    .isInstanceOfSatisfying(
                            ConfigAnswer.Assigned.class,
                            a -> assertThat(a.hostname().value()).isEqualTo(answered.get(someDevice)));
        }
    }
}
