package pideploy.installer.core.customize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.disk.image.fat.FatFileSystem;
import pideploy.installer.core.port.CustomizationMethod;

/**
 * The boot partition's mount point read from real images (sfdisk, mkfs.vfat and mtools, mkfs.ext4 -d) laid out as
 * Bookworm and as older releases, through the whole customization.
 */
class BootMountIT {
    private static final long MIB = 1 << 20;
    private static final long BOOT_OFFSET = 4 * MIB;
    private static final long BOOT_SIZE = 36 * MIB;
    private static final long ROOT_OFFSET = BOOT_OFFSET + BOOT_SIZE;
    private static final long ROOT_SIZE = 16 * MIB;
    private static final String CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=5e3da3b1-02 "
            + "rootfstype=ext4 fsck.repair=yes rootwait quiet";
    private static final FirstBootIdentity ID =
            new FirstBootIdentity("KXP2-CORO-001", "42", "10000000abcdef01", "http://10.42.0.1:5001/api/status");

    @TempDir
    Path dir;

    @Test
    void aBookwormImageGetsItsHookAndScriptUnderBootFirmwareFromItsFstab() throws Exception {
        Path image = image(Optional.of("PARTUUID=5e3da3b1-01 /boot/firmware vfat defaults 0 2\n"), CMDLINE);

        Customized result = customize(image);

        assertThat(result.cmdline())
                .endsWith(" systemd.run=/boot/firmware/firstrun.sh "
                        + "systemd.run_success_action=reboot systemd.unit=kernel-command-line.target");
        assertThat(result.script()).contains("BOOT=\"$ROOT/boot/firmware\"");
        assertThat(detect(image)).isEqualTo(new BootMount("/boot/firmware", "/etc/fstab of partition 2"));
    }

    @Test
    void anOlderImageGetsThemUnderBootFromItsFstabWhateverItsCmdlineSuggests() throws Exception {
        // The fstab is the booted system's own word; the cmdline.txt hint (Bookworm's firstboot) loses to it.
        Path image = image(
                Optional.of("# older layout\nproc /proc proc defaults 0 0\n"
                        + "PARTUUID=5e3da3b1-01  /boot  vfat  defaults,flush  0  2\n"
                        + "PARTUUID=5e3da3b1-02 / ext4 defaults,noatime 0 1\n"),
                CMDLINE + " init=/usr/lib/raspberrypi-sys-mods/firstboot");

        Customized result = customize(image);

        assertThat(result.cmdline()).contains(" systemd.run=/boot/firstrun.sh ").doesNotContain("/boot/firmware");
        assertThat(result.script()).contains("BOOT=\"$ROOT/boot\"\n");
    }

    @Test
    void withoutAnFstabTheCmdlineOfAnOlderReleaseSaysBoot() throws Exception {
        Path image = image(Optional.empty(), CMDLINE + " init=/usr/lib/raspi-config/init_resize.sh");

        assertThat(customize(image).cmdline()).contains(" systemd.run=/boot/firstrun.sh ");
    }

    @Test
    void anImageThatTellsNothingGetsBootFirmware() throws Exception {
        Path image = image(Optional.empty(), CMDLINE);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            // No file system at all in the root partition, not even a superblock.
            ch.write(ByteBuffer.allocate((int) ROOT_SIZE), ROOT_OFFSET);
        }

        assertThat(customize(image).cmdline()).contains(" systemd.run=/boot/firmware/firstrun.sh ");
        assertThat(detect(image).evidence())
                .startsWith("assumed: the image does not say (partition 2: not an " + "ext2/3/4 filesystem");
    }

    @Test
    void fstabLinesThatMountNoFatUnderBootAreNotTaken() {
        assertThat(BootMount.fromFstab("UUID=1 /boot/efi vfat defaults 0 2\n")).contains("/boot/efi");
        assertThat(BootMount.fromFstab("UUID=1 /mnt/fw vfat defaults 0 2\n/dev/sda1 /boot ext4 defaults 0 2\n"))
                .isEmpty();
        assertThat(BootMount.fromFstab("UUID=1 /boot/fw$(reboot) vfat defaults 0 2\n"))
                .isEmpty();
        assertThat(BootMount.fromFstab("#PARTUUID=1 /boot vfat defaults 0 2\n")).isEmpty();
        assertThat(BootMount.fromFstab("PARTUUID=1 /boot/ vfat defaults 0 2\n")).contains("/boot");
    }

    private record Customized(String cmdline, String script) {}

    private static BootMount detect(Path image) throws IOException {
        try (FileChannel card = FileChannel.open(image, StandardOpenOption.READ)) {
            pideploy.disk.image.partition.PartitionTable table =
                    pideploy.disk.image.partition.PartitionTable.read(card);
            String cmdline = new String(
                    FatFileSystem.openToRead(card, BOOT_OFFSET)
                            .readFile("cmdline.txt")
                            .orElseThrow(),
                    StandardCharsets.UTF_8);
            return BootMount.detect(card, table, table.bootPartition().orElseThrow(), cmdline);
        }
    }

    private Customized customize(Path image) throws IOException {
        try (FileChannel card = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            byte[] head = new byte[4096];
            card.read(ByteBuffer.wrap(head), 0);
            CustomizationResult result = new CustomizeBootPartition(() -> Instant.parse("2026-12-01T10:00:00Z"))
                    .customize(card, head, CustomizationMethod.FIRSTRUN, ID);
            assertThat(result).isInstanceOf(CustomizationResult.Customized.class);
            FatFileSystem fat = FatFileSystem.openToRead(card, BOOT_OFFSET);
            return new Customized(
                    new String(fat.readFile("cmdline.txt").orElseThrow(), StandardCharsets.UTF_8),
                    new String(fat.readFile("firstrun.sh").orElseThrow(), StandardCharsets.UTF_8));
        }
    }

    /** MBR (sfdisk), FAT32 boot with cmdline.txt (mkfs.vfat, mcopy), ext4 root from a tree with fstab if given. */
    private Path image(Optional<String> fstab, String cmdline) throws Exception {
        Path image = dir.resolve("pi.img");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.truncate(0);
            ch.write(ByteBuffer.allocate(1), ROOT_OFFSET + ROOT_SIZE - 1);
        }
        Files.writeString(dir.resolve("layout.sfdisk"), """
                label: dos
                label-id: 0x5e3da3b1
                unit: sectors

                start=%d, size=%d, type=c
                start=%d, size=%d, type=83
                """.formatted(
                        BOOT_OFFSET / 512, BOOT_SIZE / 512, ROOT_OFFSET / 512, ROOT_SIZE / 512));
        run("sh", "-c", "sfdisk -q --no-reread --no-tell-kernel pi.img < layout.sfdisk");
        Path boot = dir.resolve("boot.img");
        Files.deleteIfExists(boot);
        run(
                "mkfs.vfat",
                "-C",
                "-F",
                "32",
                "-s",
                "1",
                "-n",
                "bootfs",
                boot.toString(),
                String.valueOf(BOOT_SIZE / 1024));
        Files.writeString(dir.resolve("cmdline.txt"), cmdline + "\n");
        Files.writeString(dir.resolve("config.txt"), "arm_64bit=1\n");
        run("mcopy", "-o", "-i", boot.toString(), "cmdline.txt", "config.txt", "::/");
        Path tree = dir.resolve("rootfs");
        Files.createDirectories(tree.resolve("etc"));
        Files.writeString(tree.resolve("etc/hostname"), "raspberrypi\n");
        Files.deleteIfExists(tree.resolve("etc/fstab"));
        if (fstab.isPresent()) {
            Files.writeString(tree.resolve("etc/fstab"), fstab.get());
        }
        Path root = dir.resolve("root.img");
        Files.deleteIfExists(root);
        run("mkfs.ext4", "-q", "-F", "-d", tree.toString(), root.toString(), (ROOT_SIZE / 1024) + "k");
        run("dd", "if=boot.img", "of=pi.img", "bs=1M", "seek=" + BOOT_OFFSET / MIB, "conv=notrunc", "status=none");
        run("dd", "if=root.img", "of=pi.img", "bs=1M", "seek=" + ROOT_OFFSET / MIB, "conv=notrunc", "status=none");
        return image;
    }

    private void run(String... command) throws Exception {
        Path log = dir.resolve("tool.log");
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + Files.readString(log))
                .isZero();
    }
}
