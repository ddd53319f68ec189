package pideploy.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;
import pideploy.installer.cli.InstallerExitCodes;

/**
 * ADR-0063 with the real installer against the real server: a Pi OS-shaped image with a 256 MiB root holding 8 MiB
 * is registered shrunk and deploys to a card smaller than the image as built; the installer grows the root
 * partition to the card, and a first boot's {@code resize2fs} (run on a copy of the card's root partition, as the
 * first-boot resize would) fills it with {@code e2fsck -fn} clean before and after. A card smaller than the shrunk
 * image's minimum is refused by the server before anything is written.
 */
class ShrunkImageDeployIT {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private final InstallerRun installerRun = new InstallerRun();

    @Test
    void aShrunkImageDeploysToACardSmallerThanTheOriginalAndTheFirstBootFillsIt() throws Exception {
        PiDiskImage image = PiDiskImage.build(dir.resolve("image"), 256, 8);
        long cardSize = 200 * MIB;
        assertThat(image.size()).isGreaterThan(cardSize);
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun", true).start()) {
            long served = Files.size(server.servedImage());
            assertThat(served).isLessThan(cardSize);

            Path small = InstallerRun.card(dir.resolve("small.img"), served - MIB);
            assertThat(installerRun.install(server.deviceUrl(), small, "--transfer", "raw"))
                    .as(installerRun.output())
                    .isEqualTo(InstallerExitCodes.REFUSED_TARGET);
            assertThat(installerRun.output()).contains("CARD_TOO_SMALL");

            Path card = InstallerRun.card(dir.resolve("card.img"), cardSize);
            InstallerRun second = new InstallerRun();
            int exit = second.install(server.deviceUrl(), card, "--transfer", "raw");
            assertThat(exit).as(second.output()).isEqualTo(InstallerExitCodes.DONE);
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);

            PartitionTable table = PartitionTable.parseMbr(InstallerRun.read(card, 0, 512));
            Partition root = table.lastPartition().orElseThrow();
            assertThat(root.firstByte()).isEqualTo(image.rootOffset());
            assertThat(root.endByteExclusive()).isEqualTo(cardSize);
            long shrunkRoot = served - image.rootOffset();
            assertThat(InstallerRun.read(card, image.rootOffset(), (int) Math.min(shrunkRoot, 64 * MIB)))
                    .isEqualTo(InstallerRun.read(
                            server.servedImage(), image.rootOffset(), (int) Math.min(shrunkRoot, 64 * MIB)));

            firstBootFillsTheCard(card, image, root);
        }
    }

    /**
     * Issue 13's shrink figure at full size: a 4 GiB image holding 600 MiB of data is stored shrunk to under 1 GiB,
     * deploys to a 2 GiB card, and the first boot's {@code resize2fs} makes its root fill the card, {@code e2fsck -fn}
     * clean before and after.
     */
    @Test
    void aFourGibImageWith600MibOfDataShrinksUnderOneGibAndFillsATwoGibCard() throws Exception {
        PiDiskImage image = PiDiskImage.build(dir.resolve("image"), 4096, 600);
        long cardSize = 2048 * MIB;
        assertThat(image.size()).isGreaterThanOrEqualTo(4096 * MIB);
        try (ServerRig server = new ServerRig(dir.resolve("data"), image.file(), "firstrun", true).start()) {
            assertThat(Files.size(server.servedImage())).isLessThan(1024 * MIB);

            Path card = InstallerRun.card(dir.resolve("card.img"), cardSize);
            InstallerRun install = new InstallerRun();
            assertThat(install.install(server.deviceUrl(), card, "--transfer", "raw"))
                    .as(install.output())
                    .isEqualTo(InstallerExitCodes.DONE);
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);

            Partition root = PartitionTable.parseMbr(InstallerRun.read(card, 0, 512))
                    .lastPartition()
                    .orElseThrow();
            assertThat(root.endByteExclusive()).isEqualTo(cardSize);
            firstBootFillsTheCard(card, image, root);
        }
    }

    /** What the first boot's resize does, on a copy of the card's root partition. */
    private void firstBootFillsTheCard(Path card, PiDiskImage image, Partition root) throws Exception {
        Path rootFs = dir.resolve("root.img");
        Tools.check(
                dir,
                "dd",
                "if=" + card,
                "of=" + rootFs,
                "bs=1M",
                "conv=sparse",
                "skip=" + image.rootOffset() / MIB,
                "count=" + root.sizeBytes() / MIB,
                "status=none");
        Tools.Result before = Tools.run(dir, List.of("e2fsck", "-fn", rootFs.toString()));
        assertThat(before.exitCode()).as(before.output()).isZero();
        Tools.check(dir, "resize2fs", "-f", rootFs.toString());
        Tools.Result after = Tools.run(dir, List.of("e2fsck", "-fn", rootFs.toString()));
        assertThat(after.exitCode()).as(after.output()).isZero();
        assertThat(filesystemBytes(rootFs)).isEqualTo(root.sizeBytes());
        assertThat(Tools.check(dir, "debugfs", "-R", "cat /home/pi/README", rootFs.toString()))
                .contains("golden image");
    }

    /**
     * Issue 13's "done when": the image as Raspberry Pi OS ships it, an {@code .img.xz}, registered through the
     * command line (unpacked while stored, then shrunk) deploys over the block-mapped transfer to a card smaller
     * than the image as built; every mapped byte of the root partition on the card is the shrunk image's, and the
     * card's boot and root filesystems are clean ({@code fsck.fat -n}, {@code e2fsck -fn}).
     */
    @Test
    void anXzImageIsUnpackedShrunkAndDeploysToASmallerCardWithCleanFilesystems() throws Exception {
        PiDiskImage image = PiDiskImage.build(dir.resolve("image"), 256, 8);
        Tools.check(dir, "xz", "-k", "-0", "-T1", image.file().toString());
        Path xz = Path.of(image.file() + ".xz");
        long cardSize = 160 * MIB;
        assertThat(image.size()).isGreaterThan(cardSize);
        try (ServerRig server = new ServerRig(dir.resolve("data"), xz, "firstrun", true).start()) {
            Path served = server.servedImage();
            assertThat(served.getFileName().toString()).isEqualTo("kxp2-2026.11-pi-os.img");
            assertThat(Files.size(served)).isLessThan(cardSize);
            pideploy.disk.image.bmap.BlockMap map;
            try (var channel = Files.newByteChannel(served)) {
                map = pideploy.disk.image.bmap.BlockMapper.map(channel);
            }

            Path card = InstallerRun.card(dir.resolve("card.img"), cardSize);
            InstallerRun install = new InstallerRun();
            assertThat(install.install(server.deviceUrl(), card))
                    .as(install.output())
                    .isEqualTo(InstallerExitCodes.DONE);
            assertThat(server.deployments().getFirst().status()).isEqualTo(DeploymentStatus.SUCCESS);

            long compared = 0;
            for (var range : map.ranges()) {
                long from = Math.max(range.firstBlock() * map.blockSize(), image.rootOffset());
                long to = Math.min((range.lastBlock() + 1) * map.blockSize(), Files.size(served));
                for (long at = from; at < to; at += 16 * MIB) {
                    int length = (int) Math.min(16 * MIB, to - at);
                    assertThat(InstallerRun.read(card, at, length))
                            .as("mapped bytes at %d", at)
                            .isEqualTo(InstallerRun.read(served, at, length));
                    compared += length;
                }
            }
            assertThat(compared).isGreaterThan(8 * MIB);

            Partition root = PartitionTable.parseMbr(InstallerRun.read(card, 0, 512))
                    .lastPartition()
                    .orElseThrow();
            Path bootFs = dir.resolve("boot.fat");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + card,
                    "of=" + bootFs,
                    "bs=1M",
                    "skip=" + image.bootOffset() / MIB,
                    "count=" + image.bootSize() / MIB,
                    "status=none");
            Tools.Result fat = Tools.run(dir, List.of("fsck.fat", "-n", bootFs.toString()));
            assertThat(fat.exitCode()).as(fat.output()).isZero();
            Path rootFs = dir.resolve("root.img");
            Tools.check(
                    dir,
                    "dd",
                    "if=" + card,
                    "of=" + rootFs,
                    "bs=1M",
                    "skip=" + image.rootOffset() / MIB,
                    "count=" + root.sizeBytes() / MIB,
                    "status=none");
            Tools.Result ext = Tools.run(dir, List.of("e2fsck", "-fn", rootFs.toString()));
            assertThat(ext.exitCode()).as(ext.output()).isZero();
        }
    }

    private static long filesystemBytes(Path fs) throws Exception {
        ByteBuffer sb = ByteBuffer.wrap(InstallerRun.read(fs, 1024, 1024)).order(ByteOrder.LITTLE_ENDIAN);
        return Integer.toUnsignedLong(sb.getInt(0x04)) * (1024L << sb.getInt(0x18));
    }
}
