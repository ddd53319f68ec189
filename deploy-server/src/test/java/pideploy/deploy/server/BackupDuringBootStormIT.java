package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.server.backup.BackupManifest;

/**
 * ADR-0087's promise: {@code pideploy backup} taken while hundreds of devices ask for hostnames and report progress
 * (real threads against the real server) restores to a database that passes {@code pideploy db verify}; the backup's
 * manifest matches its files, and the image the devices download is in it.
 */
class BackupDuringBootStormIT {
    static final int DEVICES = 300;

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run pideploy(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PiDeployMain.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aBackupTakenDuringABootStormRestoresToADatabaseThatPassesVerify() throws Exception {
        Path data = dir.resolve("data");
        Path backup = dir.resolve("backup");
        Path restored = dir.resolve("restored");
        AtomicInteger assigned = new AtomicInteger();
        CountDownLatch enoughAssigned = new CountDownLatch(1);
        CountDownLatch backupStarted = new CountDownLatch(1);
        List<Future<Integer>> devices = new ArrayList<>();
        Run backupRun;
        int assignedWhenBackupStarted;
        try (Fixture f = new Fixture(data).seeded().pool(51, 500);
                ExecutorService storm = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < DEVICES; i++) {
                String serial = "%016x".formatted(0x20000000_00000000L + i);
                boolean secondWave = i >= DEVICES / 2;
                devices.add(storm.submit(() -> {
                    if (secondWave) {
                        backupStarted.await();
                    }
                    return boot(f, serial, assigned, enoughAssigned);
                }));
            }
            enoughAssigned.await();
            assignedWhenBackupStarted = assigned.get();
            backupStarted.countDown();
            backupRun = pideploy("backup", backup.toString(), "--data", data.toString());
            for (Future<Integer> d : devices) {
                assertThat(d.get()).as("a device's last status answer").isEqualTo(200);
            }
        }
        assertThat(backupRun.code()).as(backupRun.err()).isZero();
        assertThat(backupRun.out()).contains("backed up").contains("manifest");
        assertThat(assignedWhenBackupStarted)
                .as("the backup began while devices were still booting")
                .isLessThan(DEVICES);

        BackupManifest manifest = BackupManifest.read(backup);
        assertThat(manifest.files().keySet())
                .contains(BackupManifest.DATABASE)
                .anyMatch(name -> name.startsWith("images/"));

        Run restore = pideploy("restore", backup.toString(), "--data", restored.toString());
        assertThat(restore.code()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains("verify: ok");
        Run verify = pideploy("db", "verify", "--data", restored.toString());
        assertThat(verify.code()).as(verify.err()).isZero();
        assertThat(verify.out()).startsWith("ok: ");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + restored.resolve(Fleet.DATABASE_FILE));
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT count(*) FROM pool_entry WHERE state = 'assigned'")) {
            rs.next();
            assertThat(rs.getInt(1))
                    .as("the snapshot holds at least what was assigned before it began")
                    .isBetween(assignedWhenBackupStarted, DEVICES);
        }
        for (String image : manifest.files().keySet()) {
            assertThat(restored.resolve(image)).exists();
        }
    }

    /** One device: config, then its progress to success; returns the last status answer. */
    private static int boot(Fixture f, String serial, AtomicInteger assigned, CountDownLatch enoughAssigned)
            throws Exception {
        HttpResponse<String> config = f.postDevice("/api/config", Fixture.config(serial));
        if (config.statusCode() != 200) {
            return config.statusCode();
        }
        if (assigned.incrementAndGet() >= DEVICES / 4) {
            enoughAssigned.countDown();
        }
        JsonNode j = Fixture.json(config);
        long id = j.get("deployment_id").asLong();
        int last = 0;
        for (String status : List.of("downloading", "verifying", "customizing", "success")) {
            last = f.postDevice(
                            "/api/status",
                            "{\"deployment_id\":%d,\"status\":\"%s\",\"bytes_done\":10,\"bytes_total\":10}"
                                    .formatted(id, status))
                    .statusCode();
        }
        return last;
    }
}
