package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.server.backup.BackupManifest;
import pideploy.deploy.server.cli.DemoSeed;
import pideploy.deploy.server.cli.ExitCodes;

/**
 * {@code pideploy backup}, {@code restore} and {@code db verify} on real data directories: what they refuse, with
 * which message, and that a refusal writes nothing.
 */
class BackupCommandTest {
    @TempDir
    Path dir;

    Path data;
    Path backup;

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

    @BeforeEach
    void seed() throws Exception {
        data = dir.resolve("data");
        backup = dir.resolve("backup");
        try (Fleet f = Fleet.open(data, EventPublisher.NONE, Clock.systemUTC())) {
            DemoSeed.seed(f.core());
        }
        Files.writeString(data.resolve("images/extra.img"), "not really an image", StandardCharsets.UTF_8);
        Files.writeString(data.resolve("images/.upload-123"), "half an upload", StandardCharsets.UTF_8);
    }

    @Test
    void backsUpTheDatabaseAndImagesWithAManifestAndCopiesOnlyNewImagesTheSecondTime() throws Exception {
        Run first = pideploy("backup", backup.toString(), "--data", data.toString());
        assertThat(first.code()).as(first.err()).isZero();
        BackupManifest manifest = BackupManifest.read(backup);
        assertThat(manifest.files()).containsKeys(BackupManifest.DATABASE, "images/extra.img");
        assertThat(manifest.files().keySet()).noneMatch(n -> n.contains(".upload-"));
        assertThat(Files.readString(backup.resolve("images/extra.img"))).isEqualTo("not really an image");
        int images = manifest.files().size() - 1;
        assertThat(first.out()).contains("%d copied now, 0 there already".formatted(images));

        Files.writeString(data.resolve("images/newer.img"), "another", StandardCharsets.UTF_8);
        Run second = pideploy("backup", backup.toString(), "--data", data.toString());
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("1 copied now, %d there already".formatted(images));
        assertThat(BackupManifest.read(backup).files()).containsKey("images/newer.img");
    }

    @Test
    void refusesABackupDirectoryInsideTheDataDirectory() {
        Run r = pideploy("backup", data.resolve("bk").toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("inside the data directory");
        assertThat(data.resolve("bk")).doesNotExist();
    }

    @Test
    void onPostgresqlSaysToUsePgDump() {
        Run r = pideploy(
                "backup", backup.toString(), "--data", data.toString(), "--database", "jdbc:postgresql://127.0.0.1/x");
        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("pg_dump");
        assertThat(backup).doesNotExist();
        Run restore = pideploy(
                "restore", backup.toString(), "--data", data.toString(), "--database", "jdbc:postgresql://h/x");
        assertThat(restore.err()).contains("pg_dump");
    }

    @Test
    void restoreRefusesADataDirectoryThatHoldsDataUnlessToldToReplace() throws Exception {
        assertThat(pideploy("backup", backup.toString(), "--data", data.toString())
                        .code())
                .isZero();
        long before = Files.size(data.resolve(Fleet.DATABASE_FILE));

        Run refused = pideploy("restore", backup.toString(), "--data", data.toString());
        assertThat(refused.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(refused.err()).contains("is not empty").contains("--replace");
        assertThat(Files.size(data.resolve(Fleet.DATABASE_FILE))).isEqualTo(before);

        Run replaced = pideploy("restore", backup.toString(), "--data", data.toString(), "--replace");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(replaced.out()).contains("verify: ok");
    }

    @Test
    void restoreChecksTheManifestBeforeWritingAnything() throws Exception {
        assertThat(pideploy("backup", backup.toString(), "--data", data.toString())
                        .code())
                .isZero();
        Files.writeString(backup.resolve("images/extra.img"), "tampered", StandardCharsets.UTF_8);
        Path target = dir.resolve("new");

        Run r = pideploy("restore", backup.toString(), "--data", target.toString());

        assertThat(r.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(r.err()).contains("images/extra.img").contains("damaged").contains("nothing restored");
        assertThat(target.resolve(Fleet.DATABASE_FILE)).doesNotExist();
        assertThat(target.resolve("images/extra.img")).doesNotExist();
    }

    @Test
    void restoreRefusesADirectoryWithoutAManifestAndAManifestThatLeavesTheBackup() throws Exception {
        Files.createDirectories(backup);
        Run none = pideploy(
                "restore", backup.toString(), "--data", dir.resolve("new").toString());
        assertThat(none.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(none.err()).contains("has no manifest.sha256");

        Files.writeString(backup.resolve(BackupManifest.FILE), "0".repeat(64) + "  ../../etc/passwd\n");
        Run escape = pideploy(
                "restore", backup.toString(), "--data", dir.resolve("new").toString());
        assertThat(escape.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(escape.err()).contains("line 1").contains("../../etc/passwd");
    }

    @Test
    void verifyPassesAHealthyDatabaseAndNamesEachBrokenInvariant() throws Exception {
        Run ok = pideploy("db", "verify", "--data", data.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("ok: ").contains(Fleet.DATABASE_FILE);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(Fleet.DATABASE_FILE))) {
            c.createStatement()
                    .executeUpdate("INSERT INTO device (serial, hostname, first_seen, last_seen) "
                            + "VALUES ('10000000feed0001', 'KXP2-CORO-001', 0, 0)");
        }
        Run broken = pideploy("db", "verify", "--data", data.toString());
        assertThat(broken.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(broken.err())
                .contains("unpooled-holder: device")
                .contains("KXP2-CORO-001")
                .contains("1 found");
    }
}
