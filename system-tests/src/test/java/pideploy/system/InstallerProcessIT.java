package pideploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.installer.cli.InstallerExitCodes;

/**
 * The installer as a Pi runs it: its own JVM started at {@code PiInstallerMain.main}, so exit codes come from
 * {@code System.exit} and the log goes to stderr, against the real server.
 */
class InstallerProcessIT {
    private static final long MIB = 1 << 20;

    @TempDir
    static Path shared;

    static PiDiskImage image;

    @TempDir
    Path dir;

    @BeforeAll
    static void buildImage() throws Exception {
        image = PiDiskImage.build(shared.resolve("image"), 24, 2);
    }

    private record Run(int exit, String out, String err) {}

    private Run installer(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "pideploy.installer.cli.PiInstallerMain"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(),
                java.nio.file.Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                java.nio.file.Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void writesACardAndExitsZero() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            Path card = dir.resolve("card.img");
            try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
                file.setLength(image.size() + 8 * MIB);
            }

            Run run = installer(
                    "--server",
                    server.deviceUrl(),
                    "--product",
                    "KXP2",
                    "--venue",
                    "CORO",
                    "--device",
                    card.toString(),
                    "--no-reboot",
                    "--serial",
                    "5e3da3b1c0ffee09",
                    "--transfer",
                    "raw");

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("done: KXP2-CORO-001");
            assertThat(run.err())
                    .contains("INFO pideploy.installer.core.workflow.InstallDevice")
                    .contains("deployment 1 (KXP2-CORO-001, serial 5e3da3b1c0ffee09)");
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);
        }
    }

    @Test
    void exitsThreeForAMissingTargetAndTwoForBadUsage() throws Exception {
        Run missing = installer(
                "--server",
                "127.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                dir.resolve("no-such-card").toString(),
                "--serial",
                "5e3da3b1c0ffee10");
        Run usage = installer("--product", "KXP2");

        assertThat(missing.exit()).as(missing.out() + missing.err()).isEqualTo(3);
        assertThat(missing.err()).contains("no-such-card does not exist");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--server is required").contains("Exit codes:");
    }

    @Test
    void aRunLongerThanItsTimeoutOnASlowCardStopsReportsTheStepAndLeavesNoPartitionTable() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start()) {
            Path card = card();

            // 256 KiB/s would take minutes for this image: the 3 s limit ends it while it writes.
            Run run = installer(
                    "--server",
                    server.deviceUrl(),
                    "--product",
                    "KXP2",
                    "--venue",
                    "CORO",
                    "--device",
                    card.toString(),
                    "--no-reboot",
                    "--serial",
                    "5e3da3b1c0ffee11",
                    "--transfer",
                    "raw",
                    "--card-rate",
                    "256K",
                    "--timeout",
                    "3s");

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(InstallerExitCodes.TIMED_OUT);
            assertThat(run.err())
                    .contains("timed out after 3s at write: stopped, reported as failed; the card has "
                            + "no partition table");
            assertTimedOutAtWrite(server.deployments().getFirst(), card);
        }
    }

    @Test
    void aServerThatStopsAnsweringMidImageIsGivenUpOnAtTheTimeout() throws Exception {
        ServerRig rig = new ServerRig(dir.resolve("data"), image.file(), "firstrun");
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        StallingProxy proxy = new StallingProxy(port, 2 * MIB);
        // Image URLs name the proxy, which hangs after 2 MiB; config and status go to the server itself. The
        // installer's own stall detection (30 s) would reconnect into the same hang: only the timeout ends it.
        try (ServerRig server = rig.start(port, Optional.of(URI.create("http://127.0.0.1:" + proxy.port())));
                proxy) {
            Path card = card();

            Run run = installer(
                    "--server",
                    server.deviceUrl(),
                    "--product",
                    "KXP2",
                    "--venue",
                    "CORO",
                    "--device",
                    card.toString(),
                    "--no-reboot",
                    "--serial",
                    "5e3da3b1c0ffee12",
                    "--transfer",
                    "raw",
                    "--timeout",
                    "5s");

            assertThat(proxy.hasStalled()).isTrue();
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(InstallerExitCodes.TIMED_OUT);
            assertThat(run.err()).contains("timed out after 5s at write");
            assertTimedOutAtWrite(server.deployments().getFirst(), card);
        }
    }

    @Test
    void aBadTimeoutIsAUsageErrorNamingIt() throws Exception {
        Run run = installer("--server", "127.0.0.1", "--product", "KXP2", "--venue", "CORO", "--timeout", "soon");

        assertThat(run.exit()).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(run.err())
                .contains("--timeout must be a positive whole number of seconds, minutes or hours")
                .contains("'soon'");
    }

    private Path card() throws Exception {
        Path card = dir.resolve("card.img");
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(image.size() + 8 * MIB);
        }
        return card;
    }

    private static void assertTimedOutAtWrite(Deployment deployment, Path card) throws Exception {
        assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(deployment.failureStep()).contains(FailureStep.WRITE);
        assertThat(deployment.errorMessage()).startsWith("timed out after");
        assertThat(InstallerRun.read(card, 0, 512)).isEqualTo(new byte[512]);
    }
}
