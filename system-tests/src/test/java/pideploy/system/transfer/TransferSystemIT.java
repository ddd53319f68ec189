package pideploy.system.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.cli.InstallerExitCodes;
import pideploy.system.InstallerRun;
import pideploy.system.PiDiskImage;
import pideploy.system.ServerRig;
import pideploy.system.Tools;

/**
 * The installer's essential system tests on both transfer paths ({@code --transfer raw} and
 * {@code --transfer zstd-ranges}): the real installer and the real server, with a {@link ContractFront} offering the
 * zstd-ranges-v1 form prepared per the contract and serving every image file (so both paths cross the same code,
 * and the bytes sent can be counted).
 */
class TransferSystemIT {
    private static final long MIB = 1 << 20;
    private static final long CARD_SIZE = 160 * MIB;

    @TempDir
    static Path shared;

    static PiDiskImage image;
    static ZrangesPreparer.Prepared prepared;

    @TempDir
    Path dir;

    private final InstallerRun installerRun = new InstallerRun();

    @BeforeAll
    static void buildImage() throws Exception {
        image = PiDiskImage.build(shared.resolve("image"), 60, 8);
        prepared = ZrangesPreparer.prepare(image.file(), 3);
    }

    private Path card(long size) throws IOException {
        return InstallerRun.card(dir.resolve("card.img"), size);
    }

    private int install(String server, Path card, String transfer) {
        return installerRun.install(server, card, "--transfer", transfer);
    }

    private String output() {
        return installerRun.output();
    }

    private static String dataFile() {
        return prepared.data().getFileName().toString();
    }

    private static String imageFile() {
        return image.file().getFileName().toString();
    }

    /** Copies of the image and its prepared files, to damage without touching the shared ones. */
    private ZrangesPreparer.Prepared copyForm(Path to) throws IOException {
        Files.createDirectories(to);
        for (Path file : List.of(image.file(), prepared.bmap(), prepared.data(), prepared.index())) {
            Files.copy(file, to.resolve(file.getFileName()));
        }
        return new ZrangesPreparer.Prepared(
                to.resolve(prepared.bmap().getFileName()),
                to.resolve(prepared.data().getFileName()),
                to.resolve(prepared.index().getFileName()),
                prepared.indexSha256(),
                prepared.imageSha256(),
                prepared.imageSize(),
                prepared.mappedBytes(),
                prepared.compressedBytes());
    }

    private void assertTookPath(ContractFront front, String transfer) {
        if (transfer.equals("raw")) {
            assertThat(front.bytesSent(dataFile())).isZero();
            assertThat(front.bytesSent(imageFile())).isGreaterThanOrEqualTo(image.size());
        } else {
            assertThat(front.bytesSent(imageFile())).isZero();
            assertThat(front.bytesSent(dataFile())).isGreaterThanOrEqualTo(prepared.compressedBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "zstd-ranges"})
    void installsAVerifiedCustomizedCard(String transfer) throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start();
                ContractFront front =
                        new ContractFront(URI.create(server.deviceUrl())).serving(image.file(), prepared)) {
            Path card = card(CARD_SIZE);

            int exit = install(front.url(), card, transfer);

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.DONE);
            assertTookPath(front, transfer);
            assertThat(InstallerRun.read(card, image.rootOffset(), image.rootSize()))
                    .isEqualTo(InstallerRun.read(image.file(), image.rootOffset(), image.rootSize()));
            PartitionTable table = PartitionTable.parseMbr(InstallerRun.read(card, 0, 512));
            Partition root = table.partitions().get(1);
            assertThat(root.endByteExclusive()).isEqualTo(CARD_SIZE);
            Path boot = dir.resolve("boot.img");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + card,
                    "of=" + boot,
                    "bs=1M",
                    "skip=" + image.bootOffset() / MIB,
                    "count=" + image.bootSize() / MIB,
                    "status=none");
            Tools.Result fsck = Tools.run(dir, List.of("fsck.fat", "-n", boot.toString()));
            assertThat(fsck.exitCode()).as(fsck.output()).isZero();
            assertThat(Tools.check(dir, "mtype", "-i", boot.toString(), "::/firstrun.sh"))
                    .contains("NEW_HOSTNAME='KXP2-CORO-001'");
            Deployment deployment = server.deployments().getFirst();
            assertThat(deployment.status()).isEqualTo(DeploymentStatus.SUCCESS);
            assertThat(deployment.bytesDone())
                    .isEqualTo(transfer.equals("raw") ? image.size() : prepared.mappedBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "zstd-ranges"})
    void aCorruptByteInTheServedDataFailsAtVerifyAndLeavesNoPartitionTable(String transfer) throws Exception {
        ZrangesPreparer.Prepared damaged = copyForm(dir.resolve("served"));
        Path servedImage = dir.resolve("served").resolve(imageFile());
        Path victim = transfer.equals("raw") ? servedImage : damaged.data();
        long at = transfer.equals("raw") ? image.rootOffset() + 3 * MIB + 17 : prepared.compressedBytes() / 2;
        try (RandomAccessFile file = new RandomAccessFile(victim.toFile(), "rw")) {
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(~b);
        }
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start();
                ContractFront front = new ContractFront(URI.create(server.deviceUrl())).serving(servedImage, damaged)) {
            Path card = card(CARD_SIZE);

            int exit = install(front.url(), card, transfer);

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.TRANSFER);
            assertThat(installerRun.errors()).contains("failed at verify");
            assertThat(InstallerRun.read(card, 0, 512)).isEqualTo(new byte[512]);
            Deployment deployment = server.deployments().getFirst();
            assertThat(deployment.status()).isEqualTo(DeploymentStatus.FAILED);
            assertThat(deployment.failureStep()).contains(FailureStep.VERIFY);
            // Raw: the streamed hash misses image_checksum. Ranged: a frame fails to decode or its segment's hash
            // misses the index, before the segment reaches the card.
            assertThat(deployment.errorMessage())
                    .contains(transfer.equals("raw") ? "image_checksum" : "served data is corrupt");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "zstd-ranges"})
    void resumesWhenTheConnectionIsCutMidTransfer(String transfer) throws Exception {
        String file = transfer.equals("raw") ? imageFile() : dataFile();
        long cut = transfer.equals("raw") ? 20 * MIB : prepared.compressedBytes() / 2;
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start();
                ContractFront front = new ContractFront(URI.create(server.deviceUrl()))
                        .serving(image.file(), prepared)
                        .cuttingOnce(file, cut)) {
            Path card = card(CARD_SIZE);

            int exit = install(front.url(), card, transfer);

            assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.DONE);
            assertThat(installerRun.standardOutput()).contains("resuming with Range");
            // Resumed, not restarted: little more than the file crossed the network.
            long size = transfer.equals("raw") ? image.size() : prepared.compressedBytes();
            assertThat(front.bytesSent(file)).isBetween(size, size + (transfer.equals("raw") ? 0 : 4 * MIB));
            assertThat(InstallerRun.read(card, image.rootOffset(), image.rootSize()))
                    .isEqualTo(InstallerRun.read(image.file(), image.rootOffset(), image.rootSize()));
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "zstd-ranges"})
    void retriesWhileTheServerIsDownAndSucceedsWhenItComesUp(String transfer) throws Exception {
        ServerRig rig = new ServerRig(dir.resolve("data"), image.file(), "firstrun");
        int port = freePort();
        Path card = card(CARD_SIZE);
        try (ContractFront front =
                new ContractFront(URI.create("http://127.0.0.1:" + port)).serving(image.file(), prepared)) {
            CompletableFuture<Integer> installer =
                    CompletableFuture.supplyAsync(() -> install(front.url(), card, transfer));
            Thread.sleep(1500);
            assertThat(installer).isNotDone();
            try (ServerRig server = rig.start(port, Optional.empty())) {
                int exit = installer.get(90, TimeUnit.SECONDS);

                assertThat(exit).as(output()).isEqualTo(InstallerExitCodes.DONE);
                assertThat(installerRun.standardOutput()).contains("server unreachable");
                assertTookPath(front, transfer);
                assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw", "zstd-ranges"})
    void writesTheCloudInitSeedForCloudInitImages(String transfer) throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "cloud-init").start();
                ContractFront front =
                        new ContractFront(URI.create(server.deviceUrl())).serving(image.file(), prepared)) {
            Path card = card(CARD_SIZE);

            assertThat(install(front.url(), card, transfer)).as(output()).isEqualTo(InstallerExitCodes.DONE);

            assertTookPath(front, transfer);
            Path boot = dir.resolve("boot.img");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + card,
                    "of=" + boot,
                    "bs=1M",
                    "skip=" + image.bootOffset() / MIB,
                    "count=" + image.bootSize() / MIB,
                    "status=none");
            assertThat(Tools.run(dir, List.of("fsck.fat", "-n", boot.toString()))
                            .exitCode())
                    .isZero();
            assertThat(Tools.check(dir, "mtype", "-i", boot.toString(), "::/user-data"))
                    .startsWith("#cloud-config\n")
                    .contains("hostname: KXP2-CORO-001");
            assertThat(Tools.check(dir, "mtype", "-i", boot.toString(), "::/cmdline.txt"))
                    .contains(" ds=nocloud;i=");
        }
    }

    @Test
    void refusesACardSmallerThanTheImageWhateverTheTransfer() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start();
                ContractFront front =
                        new ContractFront(URI.create(server.deviceUrl())).serving(image.file(), prepared)) {
            // The ranged form writes only a quarter of the image, but the card must still hold all of it.
            Path card = card(image.size() - MIB);

            assertThat(install(front.url(), card, "zstd-ranges"))
                    .as(output())
                    .isEqualTo(InstallerExitCodes.REFUSED_TARGET);
            assertThat(installerRun.errors()).contains("use a larger card");
            assertThat(front.bytesSent()).isZero();
            assertThat(InstallerRun.read(card, 0, 512)).isEqualTo(new byte[512]);
        }
    }

    @Test
    void autoTakesTheRangedFormWhenOfferedAndTheRawImageWhenNot() throws Exception {
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun").start();
                ContractFront offering =
                        new ContractFront(URI.create(server.deviceUrl())).serving(image.file(), prepared);
                ContractFront plain = new ContractFront(URI.create(server.deviceUrl()))
                        .serving(image.file(), prepared)
                        .withoutForms()) {
            assertThat(install(offering.url(), card(CARD_SIZE), "auto"))
                    .as(output())
                    .isEqualTo(0);
            assertTookPath(offering, "zstd-ranges");
            assertThat(offering.bytesSent()).isLessThan(image.size() * 40 / 100);

            Files.delete(dir.resolve("card.img"));
            assertThat(install(plain.url(), card(CARD_SIZE), "auto"))
                    .as(output())
                    .isEqualTo(0);
            assertTookPath(plain, "raw");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
