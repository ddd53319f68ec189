package pideploy.installer.core.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.installer.core.fixtures.CardFiles.read;
import static pideploy.installer.core.fixtures.PiImageFixtures.BOOT_FIRST_LBA;
import static pideploy.installer.core.fixtures.PiImageFixtures.IMAGE_URL;
import static pideploy.installer.core.fixtures.PiImageFixtures.ROOT_FIRST_LBA;
import static pideploy.installer.core.fixtures.PiImageFixtures.SECTOR;
import static pideploy.installer.core.fixtures.PiImageFixtures.configFor;
import static pideploy.installer.core.fixtures.PiImageFixtures.piImage;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.disk.image.fat.FatFileSystem;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.core.fixtures.FileTargetDevice;
import pideploy.installer.core.fixtures.InMemoryDeploymentServer;
import pideploy.installer.core.fixtures.RecordingSleeper;
import pideploy.installer.core.port.CardIdentity;
import pideploy.installer.core.port.CustomizationMethod;
import pideploy.installer.core.port.DeploymentConfig;
import pideploy.installer.core.port.DeploymentStatus;
import pideploy.installer.core.port.DeviceFacts;
import pideploy.installer.core.port.ImageRequest;
import pideploy.installer.core.port.InstallObserver;
import pideploy.installer.core.port.RebootFailedException;
import pideploy.installer.core.port.ServerReply;
import pideploy.installer.core.port.StatusReport;
import pideploy.installer.core.port.Step;
import pideploy.installer.core.port.TargetDevice;

class InstallDeviceTest {
    private static final long MIB = 1 << 20;
    private static final long CARD_SIZE = 32 * MIB;
    private static final TransferSettings TRANSFER =
            new TransferSettings(1 << 20, 3, 4 * MIB, Duration.ZERO, Duration.ofSeconds(1), 3);
    private static final RetryPolicy RETRY =
            new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 5, Duration.ofSeconds(30), 3);

    @TempDir
    Path dir;

    private final byte[] image = piImage();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final AtomicInteger reboots = new AtomicInteger();

    private InMemoryDeploymentServer server(CustomizationMethod method) {
        return new InMemoryDeploymentServer(image, configFor(image, method));
    }

    private Path card(long size) throws IOException {
        Path card = dir.resolve("card.img");
        try (RandomAccessFile file = new RandomAccessFile(card.toFile(), "rw")) {
            file.setLength(size);
        }
        return card;
    }

    private InstallDevice installer(InMemoryDeploymentServer server, TargetDevice target) {
        return new InstallDevice(
                server,
                target,
                () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.of("dc:a6:32:01:02:03")),
                reboots::incrementAndGet,
                sleeper,
                InstantSource.system(),
                new SplittableRandom(7),
                InstallObserver.none(),
                new InstallSettings(RETRY, TRANSFER));
    }

    private static InstallRequest request(boolean customize) {
        return new InstallRequest(
                "KXP2", "CORO", Optional.empty(), Optional.empty(), "http://10.0.0.1:5001/api/status", customize, true);
    }

    @Test
    void writesVerifiesCustomizesAndReportsEachStep() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(true));

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.Installed.class, installed -> {
            assertThat(installed.hostname()).isEqualTo("KXP2-CORO-001");
            assertThat(installed.bytesWritten()).isEqualTo(image.length);
            assertThat(installed.customized()).isTrue();
            assertThat(installed.rebootRequested()).isTrue();
        });
        assertThat(reboots).hasValue(1);
        assertThat(server.statusSequence())
                .containsExactly(
                        DeploymentStatus.STARTED,
                        DeploymentStatus.DOWNLOADING,
                        DeploymentStatus.VERIFYING,
                        DeploymentStatus.CUSTOMIZING,
                        DeploymentStatus.SUCCESS);
        StatusReport success = server.reports().getLast();
        assertThat(success.bytesDone()).isEqualTo(image.length);
        assertThat(success.writeRate()).isPresent();
        assertThat(success.device().serialNumber()).contains("10000000abcdef01");
        int rootStart = (int) (ROOT_FIRST_LBA * SECTOR);
        assertThat(read(card, rootStart, image.length - rootStart))
                .isEqualTo(Arrays.copyOfRange(image, rootStart, image.length));
        assertThat(read(card, 4096, (int) (BOOT_FIRST_LBA * SECTOR) - 4096))
                .isEqualTo(Arrays.copyOfRange(image, 4096, (int) (BOOT_FIRST_LBA * SECTOR)));
    }

    @Test
    void writesThePartitionTableLastWithTheRootPartitionGrownToTheCardsEnd() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        Path card = card(CARD_SIZE);

        installer(server, new FileTargetDevice(card)).install(request(true));

        PartitionTable table = PartitionTable.parseMbr(read(card, 0, 512));
        assertThat(table.partitions()).hasSize(2);
        Partition root = table.partitions().get(1);
        assertThat(root.firstLba()).isEqualTo(ROOT_FIRST_LBA);
        assertThat(root.endByteExclusive()).isEqualTo(CARD_SIZE);
        assertThat(read(card, 440, 4)).isEqualTo(Arrays.copyOfRange(image, 440, 444));
    }

    @Test
    void putsTheFirstRunScriptAndItsHookOnTheBootPartition() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        Path card = card(CARD_SIZE);

        installer(server, new FileTargetDevice(card)).install(request(true));

        try (FileChannel channel = FileChannel.open(card, StandardOpenOption.READ)) {
            FatFileSystem fat = FatFileSystem.openToRead(channel, BOOT_FIRST_LBA * SECTOR);
            String script = new String(fat.readFile("firstrun.sh").orElseThrow(), StandardCharsets.UTF_8);
            assertThat(script)
                    .startsWith("#!/bin/sh\n")
                    .contains("NEW_HOSTNAME='KXP2-CORO-001'")
                    .contains("http://10.0.0.1:5001/api/status")
                    .contains("\"status\":\"booted\"");
            String cmdline = new String(fat.readFile("cmdline.txt").orElseThrow(), StandardCharsets.UTF_8);
            assertThat(cmdline)
                    .doesNotContain("\n")
                    .endsWith(" rootwait quiet "
                            + "init=/usr/lib/raspberrypi-sys-mods/firstboot systemd.run=/boot/firmware/firstrun.sh "
                            + "systemd.run_success_action=reboot systemd.unit=kernel-command-line.target");
            assertThat(fat.readFile("config.txt")).isPresent();
        }
    }

    @Test
    void writesACloudInitSeedWithAnInstanceIdForCloudInitImages() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.CLOUD_INIT);
        Path card = card(CARD_SIZE);

        installer(server, new FileTargetDevice(card)).install(request(true));

        try (FileChannel channel = FileChannel.open(card, StandardOpenOption.READ)) {
            FatFileSystem fat = FatFileSystem.openToRead(channel, BOOT_FIRST_LBA * SECTOR);
            String userData = new String(fat.readFile("user-data").orElseThrow(), StandardCharsets.UTF_8);
            assertThat(userData)
                    .startsWith("#cloud-config\n")
                    .contains("hostname: KXP2-CORO-001\n")
                    .contains("manage_etc_hosts: true\n")
                    .contains("runcmd:");
            String metaData = new String(fat.readFile("meta-data").orElseThrow(), StandardCharsets.UTF_8);
            String instanceId = metaData.lines()
                    .filter(l -> l.startsWith("instance-id: "))
                    .findFirst()
                    .orElseThrow()
                    .substring("instance-id: ".length());
            assertThat(instanceId).startsWith("pideploy-42-");
            String cmdline = new String(fat.readFile("cmdline.txt").orElseThrow(), StandardCharsets.UTF_8);
            assertThat(cmdline).endsWith(" ds=nocloud;i=" + instanceId).doesNotContain("systemd.run");
            assertThat(fat.readFile("firstrun.sh")).isEmpty();
        }
    }

    private static final String SECRET = "q3Vb0y2lLQm6nT0m1cQ8Ck9iXc2v8m0r3Hk5pWz7s1A";

    @Test
    void sendsTheDeviceSecretWithEveryReportAndInTheFirstRunBootedReport() throws IOException {
        InMemoryDeploymentServer server = new InMemoryDeploymentServer(
                image, configFor(image, CustomizationMethod.FIRSTRUN).withDeviceSecret(SECRET));
        Path card = card(CARD_SIZE);

        installer(server, new FileTargetDevice(card)).install(request(true));

        assertThat(server.reports())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.deviceSecret()).contains(SECRET));
        try (FileChannel channel = FileChannel.open(card, StandardOpenOption.READ)) {
            FatFileSystem fat = FatFileSystem.openToRead(channel, BOOT_FIRST_LBA * SECTOR);
            String script = new String(fat.readFile("firstrun.sh").orElseThrow(), StandardCharsets.UTF_8);
            assertThat(script)
                    .contains("\"status\":\"booted\",\"hostname\":\"%s\",\"serial\":\"%s\"," + "\"device_secret\":\""
                            + SECRET + "\"%s}"); // the last %s: what took effect (ADR-0094)
        }
    }

    @Test
    void writesTheDeviceSecretIntoTheCloudInitBootedReport() throws IOException {
        InMemoryDeploymentServer server = new InMemoryDeploymentServer(
                image, configFor(image, CustomizationMethod.CLOUD_INIT).withDeviceSecret(SECRET));
        Path card = card(CARD_SIZE);

        installer(server, new FileTargetDevice(card)).install(request(true));

        try (FileChannel channel = FileChannel.open(card, StandardOpenOption.READ)) {
            FatFileSystem fat = FatFileSystem.openToRead(channel, BOOT_FIRST_LBA * SECTOR);
            String userData = new String(fat.readFile("user-data").orElseThrow(), StandardCharsets.UTF_8);
            assertThat(userData).contains("\"status\":\"booted\"", "\"device_secret\":\"" + SECRET + "\"");
        }
    }

    @Test
    void aServerWithoutDeviceSecretsGetsReportsWithoutOne() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);

        installer(server, new FileTargetDevice(card(CARD_SIZE))).install(request(true));

        assertThat(server.reports())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.deviceSecret()).isEmpty());
    }

    @Test
    void withoutCustomizationTheCardHoldsTheImageVerbatim() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        Path card = card(image.length);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(false));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        InstallOutcome.Installed.class,
                        installed -> assertThat(installed.customized()).isFalse());
        assertThat(Files.readAllBytes(card)).isEqualTo(image);
        assertThat(server.statusSequence())
                .containsExactly(
                        DeploymentStatus.STARTED,
                        DeploymentStatus.DOWNLOADING,
                        DeploymentStatus.VERIFYING,
                        DeploymentStatus.SUCCESS);
    }

    @Test
    void zeroesTheCardsFirstAndLastMebibyteAndLeavesTheRestBeyondTheImageAlone() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        Path card = card(CARD_SIZE);
        byte[] stale = new byte[(int) CARD_SIZE];
        Arrays.fill(stale, (byte) 0x5A);
        Files.write(card, stale);

        installer(server, new FileTargetDevice(card)).install(request(false));

        assertThat(read(card, CARD_SIZE - MIB, (int) MIB)).isEqualTo(new byte[(int) MIB]);
        assertThat(read(card, image.length, 4096)).containsOnly(0x5A);
        assertThat(read(card, 0, image.length)).isEqualTo(image);
    }

    @Test
    void resumesWithRangeFromTheLastByteReceivedWhenTheConnectionDrops() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN).cutConnectionAfter(5 * MIB + 123, 1);
        Path card = card(image.length);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(false));

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        assertThat(server.imageRequests()).extracting(ImageRequest::firstByte).containsExactly(0L, 5 * MIB + 123);
        assertThat(server.imageRequests().get(1).ifRange()).contains("\"image-1\"");
        assertThat(Files.readAllBytes(card)).isEqualTo(image);
        assertThat(sleeper.waits()).hasSize(1);
    }

    @Test
    void reconnectsWhenTheTransferStalls() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN).stallOnceAfter(3 * MIB);
        Path card = card(image.length);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(false));

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        assertThat(server.imageRequests()).extracting(ImageRequest::firstByte).containsExactly(0L, 3 * MIB);
        assertThat(Files.readAllBytes(card)).isEqualTo(image);
    }

    @Test
    void givesUpWhenTheConnectionKeepsDropping() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN).cutConnectionAfter(2 * MIB, 100);
        Path card = card(image.length);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(false));

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.TransferFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.WRITE);
            assertThat(failed.reason()).contains("broke off at byte " + 2 * MIB);
        });
        assertThat(read(card, 0, 4096)).isEqualTo(new byte[4096]);
        assertThat(server.reports().getLast().step()).contains(Step.WRITE);
    }

    @Test
    void failsWhenTheImageChangesOnTheServerDuringAResume() throws IOException {
        InMemoryDeploymentServer server =
                server(CustomizationMethod.FIRSTRUN).cutConnectionAfter(MIB, 1).ignoringRange();
        Path card = card(image.length);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(false));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        InstallOutcome.TransferFailed.class,
                        failed -> assertThat(failed.reason()).contains("image changed on the server"));
    }

    @Test
    void aCorruptByteFailsVerificationAndLeavesTheCardWithoutPartitionTable() throws IOException {
        InMemoryDeploymentServer server =
                server(CustomizationMethod.FIRSTRUN).corruptByteAt(ROOT_FIRST_LBA * SECTOR + 7);
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(true));

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.TransferFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.VERIFY);
            assertThat(failed.reason()).contains("image_checksum");
        });
        assertThat(read(card, 0, 4096)).isEqualTo(new byte[4096]);
        StatusReport last = server.reports().getLast();
        assertThat(last.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(last.step()).contains(Step.VERIFY);
        assertThat(last.errorMessage()).hasValueSatisfying(m -> assertThat(m).contains("SHA-256"));
        assertThat(reboots).hasValue(0);
    }

    @Test
    void aCardThatDoesNotKeepWhatWasWrittenFailsTheReadBack() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        Path card = card(image.length);
        // A card that loses a byte: corrupt the file between the write and the read-back.
        TargetDevice flaky = new FileTargetDevice(card) {
            @Override
            public pideploy.installer.core.port.ReadBack openForReadBack() throws IOException {
                try (FileChannel channel = FileChannel.open(card, StandardOpenOption.WRITE)) {
                    channel.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), ROOT_FIRST_LBA * SECTOR);
                }
                return super.openForReadBack();
            }
        };

        InstallOutcome outcome = installer(server, flaky).install(request(false));

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.TransferFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.VERIFY);
            assertThat(failed.reason()).contains("read back");
        });
        assertThat(read(card, 0, 4096)).isEqualTo(new byte[4096]);
    }

    @Test
    void refusesATargetSmallerThanTheImageAndReportsIt() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        Path card = card(image.length - MIB);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        InstallOutcome.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains(
                                        "larger card or a shrunk image",
                                        String.valueOf(image.length - MIB),
                                        String.valueOf(image.length)));
        assertThat(server.imageRequests()).isEmpty();
        assertThat(server.reports()).singleElement().satisfies(report -> {
            assertThat(report.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(report.step()).contains(Step.PREFLIGHT);
        });
        assertThat(Files.readAllBytes(card)).isEqualTo(new byte[image.length - (int) MIB]);
    }

    @Test
    void sendsTheCardSizeAndTakesTheServersCardTooSmallAsARefusedTargetWithoutReporting() throws IOException {
        String message = "the card of serial=10000000a1b2c3d4 holds 1000 bytes (0 MiB) but image KXP2 1.0 needs 2000 "
                + "(0 MiB); use a larger card (at least 2000 bytes) or a shrunk image";
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN)
                .thenReplyToConfig(new ServerReply.Rejected<>(422, "CARD_TOO_SMALL", message));
        Path card = card(image.length);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        InstallOutcome.Refused.class,
                        refused -> assertThat(refused.reason()).contains("too small", "CARD_TOO_SMALL", message));
        assertThat(server.configRequests())
                .singleElement()
                .satisfies(config -> assertThat(config.cardSizeBytes()).hasValue(image.length));
        assertThat(server.reports())
                .as("no deployment was created, so nothing to report")
                .isEmpty();
        assertThat(sleeper.waits())
                .as("a larger card does not appear by waiting")
                .isEmpty();
        assertThat(Files.readAllBytes(card)).isEqualTo(new byte[image.length]);
    }

    @Test
    void refusesATargetItsAdapterRefusesWithoutAskingTheServer() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = installer(
                        server,
                        new FileTargetDevice(card, Optional.of("/dev/mmcblk0p2 is mounted at /"), Optional.empty()))
                .install(request(true));

        assertThat(outcome).isEqualTo(new InstallOutcome.Refused("/dev/mmcblk0p2 is mounted at /"));
        assertThat(server.configRequests()).isEmpty();
    }

    @Test
    void refusesWhenTheDeviceHasNoIdentity() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        InstallDevice installer = new InstallDevice(
                server,
                new FileTargetDevice(card(CARD_SIZE)),
                () -> new DeviceFacts(Optional.empty(), Optional.empty()),
                () -> {},
                sleeper,
                InstantSource.system(),
                new SplittableRandom(1),
                InstallObserver.none(),
                new InstallSettings(RETRY, TRANSFER));

        assertThat(installer.install(request(true)))
                .isInstanceOfSatisfying(
                        InstallOutcome.Refused.class,
                        refused -> assertThat(refused.reason()).contains("--serial"));
    }

    @Test
    void sendsTheOverriddenIdentityAndTheCardsIdentity() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        CardIdentity sd = new CardIdentity("035344534331323880c1a2b3c4015b00", "SC128", "0x000003");
        TargetDevice target = new FileTargetDevice(card(image.length), Optional.empty(), Optional.of(sd));
        InstallRequest request = new InstallRequest(
                "KXP2",
                "CORO",
                Optional.of("SIMULATED0001"),
                Optional.empty(),
                "http://10.0.0.1:5001/api/status",
                false,
                false);

        installer(server, target).install(request);

        assertThat(server.configRequests()).singleElement().satisfies(config -> {
            assertThat(config.serialNumber()).contains("SIMULATED0001");
            assertThat(config.macAddress()).contains("dc:a6:32:01:02:03");
        });
        assertThat(server.reports())
                .allSatisfy(report -> assertThat(report.card()).contains(sd));
        assertThat(reboots).hasValue(0);
    }

    @Test
    void retriesAnUnreachableServerWithGrowingJitteredBackoff() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN)
                .thenReplyToConfig(
                        new ServerReply.Unreachable<>("connection refused"),
                        new ServerReply.Unreachable<>("HTTP 503"),
                        new ServerReply.Unreachable<>("timeout"));

        InstallOutcome outcome =
                installer(server, new FileTargetDevice(card(image.length))).install(request(false));

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        assertThat(server.configRequests()).hasSize(4);
        List<Duration> waits = sleeper.waits();
        assertThat(waits).hasSize(3);
        assertThat(waits.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(waits.get(2)).isBetween(Duration.ofMillis(200), Duration.ofMillis(400));
    }

    @Test
    void givesUpOnAnUnreachableServerAfterTheLastAttempt() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        for (int i = 0; i < RETRY.maxAttempts(); i++) {
            server.thenReplyToConfig(new ServerReply.Unreachable<>("connection refused"));
        }

        InstallOutcome outcome =
                installer(server, new FileTargetDevice(card(image.length))).install(request(false));

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.ServerFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.CONFIG);
            assertThat(failed.reason()).contains("connection refused");
        });
        assertThat(server.configRequests()).hasSize(RETRY.maxAttempts());
    }

    private InstallDevice timedInstaller(InMemoryDeploymentServer server, TargetDevice target, Duration limit) {
        // Real waits and a stall detection slower than the limit: only the timeout can end these runs.
        return new InstallDevice(
                server,
                target,
                () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.empty()),
                reboots::incrementAndGet,
                pideploy.installer.core.port.Sleeper.system(),
                InstantSource.system(),
                new SplittableRandom(7),
                InstallObserver.none(),
                new InstallSettings(
                                RETRY,
                                new TransferSettings(1 << 20, 3, 4 * MIB, Duration.ZERO, Duration.ofSeconds(60), 3))
                        .withTimeout(limit));
    }

    @Test
    void aTimeoutWhileWaitingForHostnamesEndsTheRunAtConfigWithNothingToReport() throws IOException {
        ServerReply<DeploymentConfig> exhausted =
                new ServerReply.Rejected<>(409, "POOL_EXHAUSTED", "pool KXP2-CORO: 0 of 50 free");
        InMemoryDeploymentServer server =
                server(CustomizationMethod.FIRSTRUN).thenReplyToConfig(exhausted, exhausted, exhausted);

        InstallOutcome outcome = timedInstaller(server, new FileTargetDevice(card(CARD_SIZE)), Duration.ofMillis(700))
                .install(request(true));

        assertThat(outcome).isEqualTo(new InstallOutcome.TimedOut(Step.CONFIG, "timed out after 700ms"));
        assertThat(server.reports()).isEmpty();
        assertThat(Thread.currentThread().isInterrupted())
                .as("the timer's interrupt is not left behind")
                .isFalse();
    }

    @Test
    void aTimeoutInAStalledDownloadReportsWriteFailedAndLeavesNoPartitionTable() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN).stallOnceAfter(2 * MIB);
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = timedInstaller(server, new FileTargetDevice(card), Duration.ofSeconds(1))
                .install(request(true));

        assertThat(outcome).isEqualTo(new InstallOutcome.TimedOut(Step.WRITE, "timed out after 1s"));
        StatusReport last = server.reports().getLast();
        assertThat(last.status()).isEqualTo(DeploymentStatus.FAILED);
        assertThat(last.step()).contains(Step.WRITE);
        assertThat(last.errorMessage()).contains("timed out after 1s");
        assertThat(read(card, 0, 512)).isEqualTo(new byte[512]);
        assertThat(reboots).hasValue(0);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aTimeoutThatDoesNotExpireChangesNothing() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);

        InstallOutcome outcome = timedInstaller(server, new FileTargetDevice(card(CARD_SIZE)), Duration.ofMinutes(5))
                .install(request(true));

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        assertThat(server.statusSequence()).endsWith(DeploymentStatus.SUCCESS);
    }

    @Test
    void waitsWhileTheHostnamePoolIsExhausted() throws IOException {
        ServerReply<DeploymentConfig> exhausted =
                new ServerReply.Rejected<>(409, "POOL_EXHAUSTED", "pool KXP2-CORO: 0 of 50 free");
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN).thenReplyToConfig(exhausted, exhausted);

        InstallOutcome outcome =
                installer(server, new FileTargetDevice(card(image.length))).install(request(false));

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        assertThat(sleeper.waits())
                .hasSize(2)
                .allSatisfy(wait -> assertThat(wait).isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30)));
    }

    @Test
    void waitsWhenTheServerProtectsItsPoolFromThisAddressOrThisDeviceIsNotExpectedYet() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN)
                .thenReplyToConfig(
                        new ServerReply.Rejected<>(
                                429, "ASSIGNMENT_RATE_LIMITED", "too many new hostnames from 10.0.0.9"),
                        new ServerReply.Rejected<>(403, "DEVICE_NOT_EXPECTED", "batch 3 does not list serial 1234"));

        InstallOutcome outcome =
                installer(server, new FileTargetDevice(card(image.length))).install(request(false));

        assertThat(outcome).isInstanceOf(InstallOutcome.Installed.class);
        assertThat(sleeper.waits()).hasSize(2);
        assertThat(server.configRequests()).hasSize(3);
    }

    @Test
    void endsTheRunOnAnyOtherRejection() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN)
                .thenReplyToConfig(
                        new ServerReply.Rejected<>(422, "NO_ASSIGNMENT_RULE", "no batch and no pool for KXP2 at CORO"));

        InstallOutcome outcome =
                installer(server, new FileTargetDevice(card(image.length))).install(request(false));

        assertThat(outcome).isInstanceOfSatisfying(InstallOutcome.ServerFailed.class, failed -> {
            assertThat(failed.step()).isEqualTo(Step.CONFIG);
            assertThat(failed.reason()).contains("NO_ASSIGNMENT_RULE").contains("422");
        });
        assertThat(sleeper.waits()).isEmpty();
        assertThat(server.imageRequests()).isEmpty();
    }

    @Test
    void aCardWithoutCmdlineFailsCustomizationAndKeepsNoPartitionTable() throws IOException {
        byte[] broken = piImage();
        // Wipe the FAT root directory area's entries by zeroing the partition's first 64 KiB after the boot sector
        // copy would break FAT itself; instead rename CMDLINE.TXT's 8.3 entry so it is no longer found.
        int at = indexOf(broken, "CMDLINE TXT".getBytes(StandardCharsets.US_ASCII));
        broken[at] = 'X';
        InMemoryDeploymentServer server =
                new InMemoryDeploymentServer(broken, configFor(broken, CustomizationMethod.FIRSTRUN));
        Path card = card(CARD_SIZE);

        InstallOutcome outcome = installer(server, new FileTargetDevice(card)).install(request(true));

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        InstallOutcome.CustomizationFailed.class,
                        failed -> assertThat(failed.reason()).contains("cmdline.txt"));
        assertThat(read(card, 0, 4096)).isEqualTo(new byte[4096]);
        assertThat(server.reports().getLast().step()).contains(Step.CUSTOMIZE);
    }

    @Test
    void aFailedRebootStillCountsAsInstalled() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        InstallDevice installer = new InstallDevice(
                server,
                new FileTargetDevice(card(image.length)),
                () -> new DeviceFacts(Optional.of("10000000abcdef01"), Optional.empty()),
                () -> {
                    throw new RebootFailedException("systemctl reboot exited 1: access denied");
                },
                sleeper,
                InstantSource.system(),
                new SplittableRandom(1),
                InstallObserver.none(),
                new InstallSettings(RETRY, TRANSFER));

        assertThat(installer.install(request(false)))
                .isInstanceOfSatisfying(
                        InstallOutcome.Installed.class,
                        installed -> assertThat(installed.rebootRequested()).isFalse());
    }

    @Test
    void reportsTheImageUrlTheServerGave() throws IOException {
        InMemoryDeploymentServer server = server(CustomizationMethod.FIRSTRUN);
        installer(server, new FileTargetDevice(card(image.length))).install(request(false));
        assertThat(server.imageRequests())
                .allSatisfy(r -> assertThat(r.imageUrl()).isEqualTo(IMAGE_URL));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
