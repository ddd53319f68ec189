package pideploy.deploy.persistence.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.pool.PoolCounts;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.usecase.ConfigAnswer;
import pideploy.deploy.core.usecase.ConfigRequest;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImportPoolCommand;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.storage.fs.DirectoryImageStore;

/** Two processes assign from one pool in one database file at the same time (server + admin command line). */
class SecondProcessIT {
    @TempDir
    Path data;

    @Test
    void handsOutDistinctHostnamesAcrossProcesses() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(new SqliteSettings(data.resolve("pideploy.db")))) {
            DeployCore core = DeployCore.create(
                    db.fleetStore(),
                    new DirectoryImageStore(data.resolve("images")),
                    EventPublisher.NONE,
                    Clock.systemUTC(),
                    CoreSettings.DEFAULTS);
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
            core.importPool().importNumbers(ImportPoolCommand.parse(CORO, KXP2, "1-400"));

            Process other = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            AssignFromAnotherProcess.class.getName(),
                            data.toString(),
                            "10000",
                            "150")
                    .redirectErrorStream(true)
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!java.nio.file.Files.exists(data.resolve("ready"))
                    && other.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            List<String> mine = new ArrayList<>();
            for (long device = 0; device < 150; device++) {
                ConfigAnswer answer =
                        core.answerConfig().answer(ConfigRequest.of(KXP2, CORO, FleetFixtures.device(device)));
                mine.add(((ConfigAnswer.Assigned) answer).hostname().value());
            }
            assertThat(other.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String output = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(other.exitValue()).as(output).isZero();

            assertThat(new HashSet<>(mine)).hasSize(150);
            assertThat(core.listPool().counts()).containsExactly(new PoolCounts(CORO, KXP2, 100, 300, 0));
            assertThat(db.fleetStore()
                            .read(tx -> tx.devices()
                                    .findBySerial(FleetFixtures.serial(10_149))
                                    .flatMap(d -> d.hostname()))
                            .isPresent())
                    .isTrue();
        }
    }
}
