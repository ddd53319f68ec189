package pideploy.system;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * A realistic Raspberry Pi OS disk image built with Debian's tools, as pi-gen lays one out: an MBR (sfdisk) with a
 * FAT32 boot partition at 4 MiB (mkfs.vfat, files by mtools: cmdline.txt, config.txt, overlays/) and an ext4 root
 * partition after it (mkfs.ext4 -d from a tree with /etc/hostname, /etc/hosts, machine-id, SSH host keys and some
 * data). {@code rootMiB} sets the root partition's size; the rest of it stays sparse.
 */
public record PiDiskImage(Path file, long size, long bootOffset, long bootSize, long rootOffset, long rootSize) {
    public static final long MIB = 1 << 20;
    public static final String CMDLINE =
            "console=serial0,115200 console=tty1 root=PARTUUID=5e3da3b1-02 rootfstype=ext4 "
                    + "fsck.repair=yes rootwait quiet init=/usr/lib/raspberrypi-sys-mods/firstboot";

    /** The kernel version of the image's module tree (usr/lib/modules/...), as on Raspberry Pi OS for the Pi 5. */
    public static final String KERNEL_VERSION = "6.6.51+rpt-rpi-2712";
    /** Content of the image's fake xz-compressed macb module (the Pi 5's Ethernet), decompressed. */
    public static final String MACB_MODULE = "\u007fELF macb module for the tests";

    public static PiDiskImage build(Path dir, long rootMiB, long dataMiB) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        long bootOffset = 4 * MIB;
        long bootSize = 36 * MIB;
        long rootOffset = bootOffset + bootSize;
        long rootSize = rootMiB * MIB;
        long size = rootOffset + rootSize;
        Path image = dir.resolve("pi-os.img");
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(size);
        }
        Path layout = dir.resolve("layout.sfdisk");
        Files.writeString(layout, """
                label: dos
                label-id: 0x5e3da3b1
                unit: sectors

                start=%d, size=%d, type=c
                start=%d, size=%d, type=83
                """.formatted(bootOffset / 512, bootSize / 512, rootOffset / 512, rootSize / 512));
        Tools.check(dir, "sh", "-c", "sfdisk --no-reread --no-tell-kernel pi-os.img < layout.sfdisk");

        Path boot = dir.resolve("boot.img");
        Files.deleteIfExists(boot);
        Tools.check(
                dir,
                "mkfs.vfat",
                "-C",
                "-F",
                "32",
                "-s",
                "1",
                "-n",
                "bootfs",
                boot.toString(),
                String.valueOf(bootSize / 1024));
        Files.writeString(dir.resolve("cmdline.txt"), CMDLINE + "\n");
        Files.writeString(
                dir.resolve("config.txt"),
                "# Raspberry Pi OS\ndtparam=audio=on\nauto_initramfs=1\n" + "arm_64bit=1\n[all]\n");
        Files.writeString(dir.resolve("README.dtb"), "overlays live here\n");
        Tools.check(dir, "mcopy", "-i", boot.toString(), "cmdline.txt", "config.txt", "::/");
        Tools.check(dir, "mmd", "-i", boot.toString(), "::/overlays");
        Tools.check(dir, "mcopy", "-i", boot.toString(), "README.dtb", "::/overlays/README");

        Path tree = dir.resolve("rootfs");
        write(tree.resolve("etc/hostname"), "raspberrypi\n");
        write(tree.resolve("etc/hosts"), "127.0.0.1\tlocalhost\n127.0.1.1\traspberrypi\n");
        write(tree.resolve("etc/machine-id"), "uninitialized\n");
        write(
                tree.resolve("etc/fstab"),
                "PARTUUID=5e3da3b1-01 /boot/firmware vfat defaults 0 2\n"
                        + "PARTUUID=5e3da3b1-02 / ext4 defaults,noatime 0 1\n");
        write(tree.resolve("etc/ssh/sshd_config"), "PermitRootLogin no\n");
        write(tree.resolve("home/pi/README"), "golden image\n");
        writeKernelModules(tree.resolve("usr/lib/modules/" + KERNEL_VERSION));
        byte[] data = new byte[(int) MIB];
        SplittableRandom random = new SplittableRandom(42);
        Files.createDirectories(tree.resolve("usr/lib/pideploy-test"));
        for (int i = 0; i < dataMiB; i++) {
            random.nextBytes(data);
            Files.write(tree.resolve("usr/lib/pideploy-test/blob-" + i + ".bin"), data);
        }
        Path root = dir.resolve("root.img");
        Files.deleteIfExists(root);
        Tools.check(
                dir,
                "mkfs.ext4",
                "-q",
                "-F",
                "-L",
                "rootfs",
                "-d",
                tree.toString(),
                root.toString(),
                (rootSize / 1024) + "k");

        Tools.check(
                dir,
                "dd",
                "if=boot.img",
                "of=pi-os.img",
                "bs=1M",
                "seek=" + bootOffset / MIB,
                "conv=notrunc,sparse",
                "status=none");
        Tools.check(
                dir,
                "dd",
                "if=root.img",
                "of=pi-os.img",
                "bs=1M",
                "seek=" + rootOffset / MIB,
                "conv=notrunc,sparse",
                "status=none");
        Files.delete(boot);
        Files.delete(root);
        return new PiDiskImage(image, size, bootOffset, bootSize, rootOffset, rootSize);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    /** A small module tree as depmod leaves it: macb needs phylink; the sound module is not one the kit wants. */
    private static void writeKernelModules(Path dir) throws IOException {
        writeXz(dir.resolve("kernel/drivers/net/ethernet/cadence/macb.ko.xz"), MACB_MODULE);
        writeXz(dir.resolve("kernel/drivers/net/phy/phylink.ko.xz"), "\u007fELF phylink module");
        writeXz(dir.resolve("kernel/sound/core/snd.ko.xz"), "\u007fELF sound module");
        write(dir.resolve("modules.dep"), """
                kernel/drivers/net/phy/phylink.ko.xz:
                kernel/drivers/net/ethernet/cadence/macb.ko.xz: kernel/drivers/net/phy/phylink.ko.xz
                kernel/sound/core/snd.ko.xz:
                """);
    }

    private static void writeXz(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        try (XZOutputStream out = new XZOutputStream(Files.newOutputStream(file), new LZMA2Options())) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }
}
