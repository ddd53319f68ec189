package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.installer.core.fixtures.PiImageFixtures.configFor;
import static pideploy.installer.core.fixtures.PiImageFixtures.piImage;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pideploy.installer.core.fixtures.FileTargetDevice;
import pideploy.installer.core.fixtures.InMemoryDeploymentServer;
import pideploy.installer.core.fixtures.RecordingSleeper;
import pideploy.installer.core.port.AssignedBy;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.workflow.InstallDevice;
import pideploy.installer.core.workflow.InstallSettings;
import pideploy.installer.core.workflow.TransferSettings;

class InstallCommandTest {
    @TempDir
    Path dir;

    private final byte[] image = piImage();
    private final InMemoryDeploymentServer server =
            new InMemoryDeploymentServer(image, configFor(image, CustomizationMethod.FIRSTRUN));
    private final AtomicReference<InstallOptions> seen = new AtomicReference<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Optional<String> refusal, String... args) {
        InstallerWiring wiring = (options, observer) -> {
            seen.set(options);
            return new InstallDevice(
                    server,
                    new FileTargetDevice(options.device(), refusal, Optional.empty()),
                    () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.empty()),
                    () -> {},
                    new RecordingSleeper(),
                    InstantSource.system(),
                    new SplittableRandom(1),
                    observer,
                    new InstallSettings(
                            options.retry(),
                            new TransferSettings(
                                    1 << 20, 3, 8 << 20, Duration.ofSeconds(3), Duration.ofSeconds(30), 2)));
        };
        return PiInstallerMain.run(wiring, new PrintWriter(out), new PrintWriter(err), args);
    }

    private Path card(long size) throws IOException {
        Path card = dir.resolve("card.img");
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(size);
        }
        return card;
    }

    @Test
    void installsAndSaysWhatTheDeviceBecame() throws IOException {
        Path card = card(32 << 20);

        int exit = run(
                Optional.empty(),
                "--server",
                "10.42.0.1",
                "--product",
                "kxp2",
                "--venue",
                "coro",
                "--device",
                card.toString(),
                "--no-reboot");

        assertThat(exit).isEqualTo(InstallerExitCodes.DONE);
        assertThat(out.toString())
                .contains("[write]")
                .contains("[verify]")
                .contains("[customize]")
                .contains("done: KXP2-CORO-001 is deployment 42")
                .containsPattern("done: .*; [\\d.,]+ MiB written and verified in [\\d.]+ s \\([\\d.]+ MiB/s\\)");
        assertThat(seen.get().server().statusUrl()).isEqualTo("http://10.42.0.1:5001/api/status");
        assertThat(seen.get().product()).isEqualTo("KXP2");
        assertThat(seen.get().reboot()).isFalse();
        assertThat(seen.get().customize()).isTrue();
    }

    @Test
    void theConfigLineSaysWhichHostnameABatchGaveInsteadOfWhatWasAskedFor() throws IOException {
        DeploymentConfig asked = configFor(image, CustomizationMethod.FIRSTRUN);
        server.thenReplyToConfig(new ServerReply.Accepted<>(new DeploymentConfig(
                        asked.deploymentId(),
                        "RXP2-MESA-004",
                        "RXP2",
                        "MESA",
                        asked.imageUrl(),
                        asked.imageSize(),
                        asked.imageChecksum(),
                        asked.imageVersion(),
                        asked.customizationMethod())
                .withAssignedBy(AssignedBy.BATCH)));

        int exit = run(
                Optional.empty(),
                "--server",
                "10.42.0.1",
                "--product",
                "kxp2",
                "--venue",
                "coro",
                "--device",
                card(32 << 20).toString(),
                "--no-reboot");

        assertThat(exit).as(err.toString()).isEqualTo(InstallerExitCodes.DONE);
        assertThat(out.toString())
                .contains("[config] got RXP2-MESA-004 (RXP2 at venue MESA), assigned by batch, "
                        + "not the KXP2 at venue CORO asked for\n");
    }

    @Test
    void theConfigLineNamesTheHostnameAndTheRuleWhenItIsWhatWasAskedFor() throws IOException {
        server.thenReplyToConfig(new ServerReply.Accepted<>(
                configFor(image, CustomizationMethod.FIRSTRUN).withAssignedBy(AssignedBy.REQUEST)));

        int exit = run(
                Optional.empty(),
                "--server",
                "10.42.0.1",
                "--product",
                "kxp2",
                "--venue",
                "coro",
                "--device",
                card(32 << 20).toString(),
                "--no-reboot");

        assertThat(exit).as(err.toString()).isEqualTo(InstallerExitCodes.DONE);
        assertThat(out.toString()).contains("[config] got KXP2-CORO-001 (KXP2 at venue CORO), assigned by request\n");
    }

    @Test
    void takesServerProductAndVenueFromTheKernelCommandLine() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(
                root.resolve("proc/cmdline"),
                "console=tty1 pideploy_server=http://10.42.0.1:8080 pideploy_product=RXP2 pideploy_venue=CORO\n");

        int exit = run(
                Optional.empty(),
                "--from-cmdline",
                "--system-root",
                root.toString(),
                "--venue",
                "SEPA",
                "--device",
                card(32 << 20).toString(),
                "--no-reboot",
                "--serial",
                "SIM0001");

        assertThat(exit).isEqualTo(InstallerExitCodes.DONE);
        assertThat(seen.get().server().base().toString()).isEqualTo("http://10.42.0.1:8080");
        assertThat(seen.get().product()).isEqualTo("RXP2");
        assertThat(seen.get().venue()).isEqualTo("SEPA");
        assertThat(seen.get().serial()).contains("SIM0001");
        assertThat(server.configRequests().getFirst().serialNumber()).contains("SIM0001");
    }

    @Test
    void takesTheTimeoutFromTheKernelCommandLineUnlessGivenAndHasNoneByDefault() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("proc"));
        Files.writeString(
                root.resolve("proc/cmdline"),
                "pideploy_server=10.42.0.1 pideploy_product=KXP2 pideploy_venue=CORO pideploy_timeout=45m\n");
        Path card = card(32 << 20);

        run(
                Optional.empty(),
                "--from-cmdline",
                "--system-root",
                root.toString(),
                "--device",
                card.toString(),
                "--no-reboot");
        assertThat(seen.get().timeout()).contains(Duration.ofMinutes(45));
        run(
                Optional.empty(),
                "--from-cmdline",
                "--system-root",
                root.toString(),
                "--device",
                card.toString(),
                "--no-reboot",
                "--timeout",
                "90s");
        assertThat(seen.get().timeout()).contains(Duration.ofSeconds(90));
        run(
                Optional.empty(),
                "--server",
                "10.42.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                card.toString(),
                "--no-reboot");
        assertThat(seen.get().timeout()).isEmpty();
    }

    @Test
    void aTimeoutWithoutAUnitIsAUsageErrorAndNothingIsWritten() throws IOException {
        Path card = card(32 << 20);

        int exit = run(
                Optional.empty(),
                "--server",
                "10.42.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                card.toString(),
                "--timeout",
                "30");

        assertThat(exit).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(err.toString())
                .contains("--timeout must be a positive whole number")
                .contains("'30'");
        assertThat(server.configRequests()).isEmpty();
        assertThat(java.util.Arrays.equals(Files.readAllBytes(card), new byte[32 << 20]))
                .isTrue();
    }

    @Test
    void aMissingServerIsAUsageError() {
        int exit = run(Optional.empty(), "--product", "KXP2", "--venue", "CORO");

        assertThat(exit).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(err.toString()).contains("--server is required");
    }

    @Test
    void aMalformedVenueIsAUsageErrorNamingIt() {
        int exit = run(Optional.empty(), "--server", "10.0.0.1", "--product", "KXP2", "--venue", "CORONA");

        assertThat(exit).isEqualTo(InstallerExitCodes.USAGE);
        assertThat(err.toString()).contains("CORONA");
    }

    @Test
    void aRefusedTargetExitsWith3() throws IOException {
        int exit = run(
                Optional.of("refusing /dev/mmcblk0: its partition /dev/mmcblk0p2 is mounted at /"),
                "--server",
                "10.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                card(1 << 20).toString());

        assertThat(exit).isEqualTo(InstallerExitCodes.REFUSED_TARGET);
        assertThat(err.toString()).contains("refused: refusing /dev/mmcblk0");
    }

    @Test
    void aServerThatRefusesTheDeviceExitsWith4() throws IOException {
        server.thenReplyToConfig(new ServerReply.Rejected<>(422, "NO_ASSIGNMENT_RULE", "no rule for KXP2 at CORO"));

        int exit = run(
                Optional.empty(),
                "--server",
                "10.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                card(32 << 20).toString());

        assertThat(exit).isEqualTo(InstallerExitCodes.SERVER);
        assertThat(err.toString()).contains("failed at config").contains("NO_ASSIGNMENT_RULE");
    }

    @Test
    void aCorruptTransferExitsWith5() throws IOException {
        server.corruptByteAt(5_000_000);

        int exit = run(
                Optional.empty(),
                "--server",
                "10.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                card(32 << 20).toString());

        assertThat(exit).isEqualTo(InstallerExitCodes.TRANSFER);
        assertThat(err.toString()).contains("failed at verify");
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anErrorInATransferThreadExitsWith5AndNamesIt() throws IOException {
        server.throwAfter(5_000_000, () -> new UnsatisfiedLinkError("libpthread.so.0: cannot open shared object"));

        int exit = run(
                Optional.empty(),
                "--server",
                "127.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                card(32 << 20).toString());

        assertThat(exit).isEqualTo(InstallerExitCodes.TRANSFER);
        assertThat(err.toString())
                .contains("failed at write")
                .contains("java.lang.UnsatisfiedLinkError: libpthread.so.0: cannot open shared object");
    }

    @Test
    void anImageWithoutBootPartitionExitsWith6() throws IOException {
        byte[] noBoot = image.clone();
        noBoot[446 + 4] = (byte) 0x83;
        InMemoryDeploymentServer broken =
                new InMemoryDeploymentServer(noBoot, configFor(noBoot, CustomizationMethod.FIRSTRUN));
        InstallerWiring wiring = (options, observer) -> new InstallDevice(
                broken,
                new FileTargetDevice(options.device()),
                () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.empty()),
                () -> {},
                new RecordingSleeper(),
                InstantSource.system(),
                new SplittableRandom(1),
                observer,
                InstallSettings.DEFAULT);

        int exit = PiInstallerMain.run(
                wiring,
                new PrintWriter(out),
                new PrintWriter(err),
                "--server",
                "10.0.0.1",
                "--product",
                "KXP2",
                "--venue",
                "CORO",
                "--device",
                card(32 << 20).toString());

        assertThat(exit).isEqualTo(InstallerExitCodes.CUSTOMIZATION);
        assertThat(err.toString()).contains("failed at customize").contains("no FAT boot partition");
    }

    @Test
    void theUsageHelpListsTheExitCodes() {
        int exit = run(Optional.empty(), "--help");

        assertThat(exit).isZero();
        assertThat(out.toString())
                .contains("Exit codes:")
                .contains("3   target refused")
                .contains("6   customization")
                .contains("7   timed out (--timeout)");
    }
}
