package pideploy.installer.blockdev;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.installer.blockdev.SampleFiles.sample;
import static pideploy.installer.blockdev.SampleFiles.sdCard;
import static pideploy.installer.blockdev.SampleFiles.write;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.installer.core.port.CardIdentity;
import pideploy.installer.core.port.ReadBack;
import pideploy.installer.core.port.TargetCheck;

class LinuxTargetDeviceTest {
    private static final long SECTORS = 62_333_952L;

    @TempDir
    Path root;

    /** A target whose node in the fake tree counts as a block device, as /dev/mmcblk0 does on a Pi. */
    private LinuxTargetDevice blockDevice(String node) {
        return new LinuxTargetDevice(root.resolve(node), root, path -> FileKind.BLOCK_DEVICE);
    }

    @Test
    void acceptsAnUnmountedCardInANetbootedInstallerWithSizeFromSysfsAndTheCardsIdentity() {
        sdCard(root, SECTORS);
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-netboot-installer.txt"));

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check).isInstanceOfSatisfying(TargetCheck.Ready.class, ready -> {
            assertThat(ready.sizeBytes()).isEqualTo(SECTORS * 512);
            assertThat(ready.card())
                    .contains(new CardIdentity("035344534333324780b1c2d3e4016700", "SC32G", "0x000003"));
            assertThat(ready.description()).contains("SC32G");
        });
    }

    @Test
    void refusesTheCardHoldingTheRunningRootFilesystem() {
        sdCard(root, SECTORS);
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-bookworm-sd.txt"));

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains(
                                        "its partition /dev/mmcblk0p2 is mounted at / (the running system's root filesystem)"));
    }

    @Test
    void refusesACardWithAMountedPartitionAndNamesWhere() {
        sdCard(root, SECTORS);
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-boot-partition-on-media.txt"));

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains("/dev/mmcblk0p1 is mounted at /media/pi/boot fs")
                                .doesNotContain("root filesystem"));
    }

    @Test
    void refusesACardWithAPartitionInUseAsSwap() {
        sdCard(root, SECTORS);
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-netboot-installer.txt"));
        write(
                root,
                "proc/swaps",
                "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                        + "/dev/mmcblk0p2                          partition\t1048572\t\t0\t\t-2\n");

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains("its partition /dev/mmcblk0p2 is in use as swap"));
    }

    @Test
    void aSwapFileElsewhereDoesNotConcernTheCard() {
        sdCard(root, SECTORS);
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-netboot-installer.txt"));
        write(
                root,
                "proc/swaps",
                "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                        + "/var/swap                               file\t\t102396\t\t0\t\t-2\n");

        assertThat(blockDevice("dev/mmcblk0").check()).isInstanceOf(TargetCheck.Ready.class);
    }

    // ---- holders/ chains (issue 12): what sits on the card through LVM, LUKS or md RAID -----------------------

    /**
     * A block device {@code name} stacked on {@code below} (a directory under sys/class/block) as sysfs shows it:
     * the device's directory under sys/devices/virtual/block, a sys/class/block symlink to it, and a symlink in
     * {@code below}'s {@code holders/}.
     */
    private Path holder(String below, String name, String dev, String dmName, String dmUuid) throws IOException {
        Path dir = root.resolve("sys/devices/virtual/block").resolve(name);
        write(root, "sys/devices/virtual/block/" + name + "/dev", dev + "\n");
        if (dmName != null) {
            write(root, "sys/devices/virtual/block/" + name + "/dm/name", dmName + "\n");
            write(root, "sys/devices/virtual/block/" + name + "/dm/uuid", dmUuid + "\n");
        } else {
            write(root, "sys/devices/virtual/block/" + name + "/md/level", "raid1\n");
        }
        Files.createSymbolicLink(
                root.resolve("sys/class/block").resolve(name),
                root.resolve("sys/class/block").relativize(dir));
        Path holders = root.resolve("sys/class/block").resolve(below).resolve("holders");
        Files.createDirectories(holders);
        Files.createSymbolicLink(holders.resolve(name), holders.relativize(dir));
        return dir;
    }

    private static String mountinfo(String... lines) {
        return sample("mountinfo-pi5-netboot-installer.txt") + String.join("\n", lines) + "\n";
    }

    @Test
    void refusesACardWhosePartitionHoldsTheRunningRootThroughLvm() throws IOException {
        sdCard(root, SECTORS);
        holder("mmcblk0/mmcblk0p2", "dm-0", "254:0", "vg0-root", "LVM-Qm9vdDEyMzQ1Njc4OTA");
        write(
                root,
                "proc/self/mountinfo",
                mountinfo("90 1 254:0 / / rw,relatime shared:1 - ext4 /dev/mapper/vg0-root rw"));

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains(
                                        "the LVM volume /dev/dm-0 (stacked on its partition /dev/mmcblk0p2) is mounted at / "
                                                + "(the running system's root filesystem)"));
    }

    @Test
    void followsTheChainThroughLuksToTheLvmVolumeHoldingTheRoot() throws IOException {
        sdCard(root, SECTORS);
        holder("mmcblk0/mmcblk0p2", "dm-0", "254:0", "cryptroot", "CRYPT-LUKS2-0f1e2d3c-cryptroot");
        holder("dm-0", "dm-1", "254:1", "vg0-root", "LVM-Qm9vdDEyMzQ1Njc4OTA");
        write(
                root,
                "proc/self/mountinfo",
                mountinfo("90 1 254:1 / / rw,relatime shared:1 - ext4 /dev/mapper/vg0-root rw"));

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains(
                                        "the LVM volume /dev/dm-1 (stacked on the LUKS volume /dev/dm-0 (stacked on its partition "
                                                + "/dev/mmcblk0p2)) is mounted at / (the running system's root filesystem)"));
    }

    @Test
    void refusesACardThatIsAMemberOfAMountedRaidArray() throws IOException {
        sdCard(root, SECTORS);
        holder("mmcblk0", "md0", "9:0", null, null);
        write(root, "proc/self/mountinfo", mountinfo("91 30 9:0 / /srv rw,relatime shared:5 - ext4 /dev/md0 rw"));

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains("the md RAID array /dev/md0 (stacked on it) is mounted at /srv")
                                .doesNotContain("root filesystem"));
    }

    @Test
    void refusesACardWhoseRaidArraysPartitionIsMounted() throws IOException {
        sdCard(root, SECTORS);
        Path md = holder("mmcblk0/mmcblk0p2", "md127", "9:127", null, null);
        write(root, root.relativize(md).resolve("md127p1/dev").toString(), "259:3\n");
        write(root, root.relativize(md).resolve("md127p1/partition").toString(), "1\n");
        write(root, "proc/self/mountinfo", mountinfo("92 30 259:3 / /data rw - ext4 /dev/md127p1 rw"));

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains(
                                        "partition /dev/md127p1 of the md RAID array /dev/md127",
                                        "is mounted at /data"));
    }

    @Test
    void refusesACardHoldingActiveSwapOnLvmNamedByItsMapperPath() throws IOException {
        sdCard(root, SECTORS);
        holder("mmcblk0/mmcblk0p2", "dm-2", "254:2", "vg0-swap", "LVM-U3dhcDEyMzQ1Njc4OTA");
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-netboot-installer.txt"));
        write(
                root,
                "proc/swaps",
                "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                        + "/dev/mapper/vg0-swap                    partition\t1048572\t\t0\t\t-2\n");

        TargetCheck check = blockDevice("dev/mmcblk0").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason())
                                .contains(
                                        "the LVM volume /dev/dm-2 (stacked on its partition /dev/mmcblk0p2) is in use as swap"));
    }

    @Test
    void acceptsACardWhoseStackedVolumesAreNotInUse() throws IOException {
        sdCard(root, SECTORS);
        holder("mmcblk0/mmcblk0p2", "dm-0", "254:0", "vg0-old", "LVM-T2xkMTIzNDU2Nzg5MA");
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-netboot-installer.txt"));

        assertThat(blockDevice("dev/mmcblk0").check()).isInstanceOf(TargetCheck.Ready.class);
    }

    @Test
    void refusesAPartitionAsTarget() {
        sdCard(root, SECTORS);
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-netboot-installer.txt"));

        TargetCheck check = blockDevice("dev/mmcblk0p2").check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason()).contains("is a partition; give the whole card"));
    }

    @Test
    void refusesAMissingTarget() {
        TargetCheck check = new LinuxTargetDevice(root.resolve("dev/sdz"), root).check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason()).contains("dev/sdz does not exist"));
    }

    @Test
    void refusesSomethingThatIsNeitherDeviceNorFile() throws IOException {
        write(root, "proc/self/mountinfo", sample("mountinfo-pi5-netboot-installer.txt"));
        Files.createDirectories(root.resolve("dev/pts"));

        TargetCheck check = new LinuxTargetDevice(root.resolve("dev/pts"), root).check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason()).contains("neither a block device nor a regular file"));
    }

    @Test
    void acceptsARegularFileWithItsSizeFromTheChannel() throws IOException {
        write(root, "proc/self/mountinfo", sample("mountinfo-x86-vm-captured.txt"));
        Path card = sparseFile(root.resolve("card.img"), 64L << 20);

        TargetCheck check = new LinuxTargetDevice(card, root).check();

        assertThat(check).isEqualTo(new TargetCheck.Ready(64L << 20, "regular file", Optional.empty()));
    }

    @Test
    void refusesAFileTheMountTableListsAsMounted() throws IOException {
        Path card = sparseFile(root.resolve("card.img"), 1 << 20);
        write(
                root,
                "proc/self/mountinfo",
                sample("mountinfo-pi5-netboot-installer.txt") + "60 1 7:0 / /mnt/card rw,relatime - vfat "
                        + card.toRealPath() + " rw\n");

        TargetCheck check = new LinuxTargetDevice(card, root).check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason()).contains("it is mounted at /mnt/card"));
    }

    @Test
    void refusesAFileBackingAMountedLoopDevice() throws IOException {
        Path card = sparseFile(root.resolve("card.img"), 1 << 20);
        write(root, "sys/block/loop3/dev", "7:3\n");
        write(root, "sys/block/loop3/loop/backing_file", card.toRealPath() + "\n");
        write(root, "sys/block/loop3/loop3p2/dev", "259:4\n");
        write(root, "sys/block/loop3/loop3p2/partition", "2\n");
        write(
                root,
                "proc/self/mountinfo",
                sample("mountinfo-pi5-netboot-installer.txt")
                        + "61 1 259:4 / /mnt/root rw,relatime - ext4 /dev/loop3p2 rw\n");

        TargetCheck check = new LinuxTargetDevice(card, root).check();

        assertThat(check)
                .isInstanceOfSatisfying(
                        TargetCheck.Refused.class,
                        refused -> assertThat(refused.reason()).contains("/dev/loop3p2 is mounted at /mnt/root"));
    }

    @Test
    void readsBackWhatWasWrittenIncludingAnUnalignedTail() throws IOException {
        byte[] data = new byte[(3 << 20) + 12345];
        new SplittableRandom(3).nextBytes(data);
        Path card = root.resolve("card.img");
        Files.write(card, data);
        write(root, "proc/self/mountinfo", sample("mountinfo-x86-vm-captured.txt"));

        ByteBuffer buffer = ByteBuffer.allocateDirect((4 << 20) + 65536).alignedSlice(65536);
        buffer.limit(data.length);
        try (ReadBack readBack = new LinuxTargetDevice(card, root).openForReadBack()) {
            readBack.readFully(buffer, 0);
        }
        byte[] back = new byte[data.length];
        buffer.flip().get(back);
        assertThat(back).isEqualTo(data);
    }

    @Test
    void fallsBackToThePageCacheWhenTheFilesystemRefusesDirectIo() throws IOException {
        // tmpfs before Linux 6.6 (and some FUSE filesystems) refuse O_DIRECT at open with EINVAL.
        Path card = root.resolve("card.img");
        Files.write(card, new byte[] {1, 2, 3, 4});
        ByteBuffer buffer =
                ByteBuffer.allocateDirect(2 * 65536).alignedSlice(65536).limit(4);
        try (ReadBack readBack = DirectReadBack.open(card, p -> {
            throw new IOException("Invalid argument");
        })) {
            assertThat(readBack.bypassesPageCache()).isFalse();
            readBack.readFully(buffer, 0);
        }
        assertThat(buffer.flip().get(3)).isEqualTo((byte) 4);
    }

    @Test
    void writesPastThePageCacheWhereTheFilesystemHasDirectIoAndSaysNoOtherwise() throws IOException {
        Path card = sparseFile(root.resolve("card.img"), 1 << 20);
        ByteBuffer block =
                ByteBuffer.allocateDirect(2 * 65536).alignedSlice(65536).limit(65536);
        while (block.hasRemaining()) {
            block.put((byte) 7);
        }
        LinuxTargetDevice target = new LinuxTargetDevice(card, root);
        Optional<FileChannel> direct = target.openForDirectWriting();
        assertThat(direct)
                .as("the test directory's filesystem (ext4 or tmpfs on Linux 6.6+) has O_DIRECT")
                .isPresent();
        try (FileChannel channel = direct.get()) {
            channel.write(block.flip(), 65536);
        }
        assertThat(Files.readAllBytes(card)[65536 + 100]).isEqualTo((byte) 7);
        // A target that cannot be opened at all gives no direct channel, not an exception: writing then fails
        // with the normal channel's clear error.
        assertThat(new LinuxTargetDevice(root.resolve("dev/missing"), root).openForDirectWriting())
                .isEmpty();
    }

    private static Path sparseFile(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
        return file;
    }
}
