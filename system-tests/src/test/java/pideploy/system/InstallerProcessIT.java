package pideploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import pideploy.deploy.core.deployment.DeploymentStatus;

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

    private record Run(int exit, String out, String err) {
    }

    private Run installer(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), "pideploy.installer.cli.PiInstallerMain"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(),
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

            Run run = installer("--server", server.deviceUrl(), "--product", "KXP2", "--venue", "CORO",
                    "--device", card.toString(), "--no-reboot", "--serial", "5e3da3b1c0ffee09", "--transfer", "raw");

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("done: KXP2-CORO-001");
            assertThat(run.err()).contains("INFO pideploy.installer.core.workflow.InstallDevice")
                    .contains("deployment 1 (KXP2-CORO-001, serial 5e3da3b1c0ffee09)");
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);
        }
    }

    @Test
    void exitsThreeForAMissingTargetAndTwoForBadUsage() throws Exception {
        Run missing = installer("--server", "127.0.0.1", "--product", "KXP2", "--venue", "CORO", "--device",
                dir.resolve("no-such-card").toString(), "--serial", "5e3da3b1c0ffee10");
        Run usage = installer("--product", "KXP2");

        assertThat(missing.exit()).as(missing.out() + missing.err()).isEqualTo(3);
        assertThat(missing.err()).contains("no-such-card does not exist");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--server is required").contains("Exit codes:");
    }
}
