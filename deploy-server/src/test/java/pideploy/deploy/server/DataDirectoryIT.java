package pideploy.deploy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.CorruptStorageException;
import pideploy.deploy.server.cli.ExitCodes;
import pideploy.deploy.server.config.ServerSettings;

/**
 * The data directory at start: one server per directory (a second `pideploy serve`, in this JVM or its own, refuses
 * while admin commands keep working), no start on a damaged database, no upload a crash left behind.
 */
class DataDirectoryIT {
    @TempDir
    Path dir;

    private int cli(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data";
        all[args.length + 1] = dir.toString();
        return PiDeployMain.commandLine()
                .setOut(new PrintWriter(new StringWriter()))
                .setErr(new PrintWriter(new StringWriter()))
                .execute(all);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aSecondServeOnTheSameDataDirectoryRefusesWhileAdminCommandsKeepWorking() throws Exception {
        try (PiDeployServer first = PiDeployServer.start(ServerSettings.forTest(dir, Fixture.PASSWORD))) {
            assertThatThrownBy(() -> PiDeployServer.start(ServerSettings.forTest(dir, Fixture.PASSWORD)))
                    .isInstanceOf(DataDirInUseException.class)
                    .hasMessageContaining("another `pideploy serve` is running on data directory " + dir);

            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            PiDeployMain.class.getName(),
                            "serve",
                            "--data",
                            dir.toString(),
                            "--deploy-listen",
                            "127.0.0.1:0",
                            "--admin-listen",
                            "127.0.0.1:0")
                    .redirectErrorStream(true);
            pb.environment().remove("PIDEPLOY_CONFIG");
            Process second = pb.start();
            String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).as(output).isEqualTo(ExitCodes.STORAGE);
            assertThat(output)
                    .contains("another `pideploy serve` is running on data directory")
                    .contains("it is pid " + ProcessHandle.current().pid())
                    .contains("Admin commands")
                    .doesNotContain("Exception");

            assertThat(cli("venue", "add", "LOCK", "--name", "Beside the server"))
                    .isEqualTo(ExitCodes.OK);
            assertThat(first.core().listVenues().list())
                    .anySatisfy(v -> assertThat(v.code().value()).isEqualTo("LOCK"));
            HttpResponse<String> health = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(first.deviceUrl() + "/health"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
        try (PiDeployServer again = PiDeployServer.start(ServerSettings.forTest(dir, Fixture.PASSWORD))) {
            assertThat(again.isRunning()).isTrue();
        }
    }

    @Test
    void refusesToStartOnAPageCorruptedDatabaseNamingTheFileAndTheRestore() throws Exception {
        Path db = dir.resolve(Fleet.DATABASE_FILE);
        try (PiDeployServer server = PiDeployServer.start(ServerSettings.forTest(dir, Fixture.PASSWORD))) {
            server.core()
                    .importPool()
                    .importNumbers(pideploy.deploy.core.usecase.ImportPoolCommand.parse(
                            pideploy.deploy.core.venue.VenueCode.of("CORO"),
                            pideploy.deploy.core.product.ProductCode.of("KXP2"),
                            "1-2"));
        } catch (RuntimeException noVenueYet) {
            // the pool import needs a venue; the database is what matters here
        }
        long pageSize;
        long pages;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement()) {
            st.execute("CREATE TABLE filler (x TEXT)");
            st.execute("INSERT INTO filler WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                    + "WHERE i < 2000) SELECT printf('%0100d', i) FROM n");
            try (var rs = st.executeQuery("PRAGMA page_size")) {
                rs.next();
                pageSize = rs.getLong(1);
            }
            try (var rs = st.executeQuery("PRAGMA page_count")) {
                rs.next();
                pages = rs.getLong(1);
            }
            st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[(int) pageSize];
            Arrays.fill(junk, (byte) 0x33);
            ch.write(ByteBuffer.wrap(junk), (pages - 5) * pageSize);
        }

        assertThatThrownBy(() -> PiDeployServer.start(ServerSettings.forTest(dir, Fixture.PASSWORD)))
                .isInstanceOf(CorruptStorageException.class)
                .hasMessageContaining(db.toAbsolutePath().toString())
                .hasMessageContaining("failed its integrity check")
                .hasMessageContaining("put the latest backup in its place");
        // The refusal released the data directory: nothing else keeps it.
        Files.delete(db);
        try (PiDeployServer restored = PiDeployServer.start(ServerSettings.forTest(dir, Fixture.PASSWORD))) {
            assertThat(restored.isRunning()).isTrue();
        }
    }

    @Test
    void removesUploadsACrashLeftBehindAtStart() throws Exception {
        Path images = Files.createDirectories(dir.resolve(Fleet.IMAGES_DIR));
        Path leftover = Files.write(images.resolve(".upload-5b8a2c1e-crashed"), new byte[4096]);

        try (PiDeployServer server = PiDeployServer.start(ServerSettings.forTest(dir, Fixture.PASSWORD))) {
            assertThat(leftover).doesNotExist();
        }
    }
}
