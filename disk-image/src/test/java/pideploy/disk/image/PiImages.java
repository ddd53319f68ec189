package pideploy.disk.image;

import static pideploy.disk.image.ExternalTools.run;
import static pideploy.disk.image.ExternalTools.runWithInput;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds small, sparse Raspberry-Pi-like disk images with the real Debian tools: an MBR with p1 FAT (0x0C) at sector
 * 8192 of 64 MiB and p2 Linux (0x83) after it, the FAT made by mkfs.vfat and filled by mcopy.
 */
public final class PiImages {

    public static final long BOOT_START_SECTOR = 8192;
    public static final long BOOT_SECTORS = 131072;
    public static final long BOOT_OFFSET = BOOT_START_SECTOR * 512;
    public static final long ROOT_START_SECTOR = 139264;
    public static final long ROOT_OFFSET = ROOT_START_SECTOR * 512;
    public static final String CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 "
            + "rootfstype=ext4 fsck.repair=yes rootwait";
    public static final String CONFIG =
            "# For more options see https://rpi.to/cmdline\ndtparam=audio=on\nauto_initramfs=1\narm_64bit=1\n";

    private PiImages() {}

    /**
     * A 96 MiB image with p1 = FAT ({@code fatBits} 16 or 32, extra mkfs.vfat options) holding cmdline.txt,
     * config.txt and Config-Long Name.txt written by mcopy, and an empty p2.
     */
    public static Path piImage(Path dir, int fatBits, String... mkfsOptions) throws IOException {
        Path disk = dir.resolve("disk.img");
        run(dir, "truncate", "-s", "96M", disk.toString());
        runWithInput(
                dir,
                "label: dos\nlabel-id: 0x4e639091\nstart=8192, size=131072, type=c\nstart=139264, type=83\n",
                "sfdisk",
                "-q",
                disk.toString());
        String[] mkfs = new String[6 + mkfsOptions.length];
        mkfs[0] = "mkfs.vfat";
        mkfs[1] = "-F";
        mkfs[2] = Integer.toString(fatBits);
        mkfs[3] = "--offset=" + BOOT_START_SECTOR;
        System.arraycopy(mkfsOptions, 0, mkfs, 4, mkfsOptions.length);
        mkfs[4 + mkfsOptions.length] = disk.toString();
        mkfs[5 + mkfsOptions.length] = Long.toString(BOOT_SECTORS / 2);
        run(dir, mkfs);
        mcopyIn(dir, disk, "cmdline.txt", CMDLINE.getBytes(StandardCharsets.UTF_8));
        mcopyIn(dir, disk, "config.txt", CONFIG.getBytes(StandardCharsets.UTF_8));
        mcopyIn(dir, disk, "Config-Long Name.txt", "long\n".getBytes(StandardCharsets.UTF_8));
        return disk;
    }

    /** Size of p2 in the images built here. */
    public static final long ROOT_SECTORS = 196608 - ROOT_START_SECTOR;

    /**
     * {@link #piImage} with FAT32 plus an ext4 root filesystem in p2 made by {@code mkfs.ext4 -d} from a small tree
     * (etc/hostname and a 2 MiB file in usr/lib/big.bin); returns the image.
     */
    public static Path piImageWithRoot(Path dir) throws IOException {
        return piImageWithRoot(dir, 32);
    }

    /** {@link #piImageWithRoot(Path)} with a FAT16 or FAT32 boot partition. */
    public static Path piImageWithRoot(Path dir, int fatBits) throws IOException {
        Path disk = piImage(dir, fatBits);
        Path src = dir.resolve("rootfs");
        Files.createDirectories(src.resolve("etc"));
        Files.createDirectories(src.resolve("usr/lib"));
        Files.writeString(src.resolve("etc/hostname"), "raspberrypi\n");
        byte[] big = new byte[2 * 1024 * 1024 + 5];
        new java.util.Random(11).nextBytes(big);
        Files.write(src.resolve("usr/lib/big.bin"), big);
        run(
                dir,
                "mkfs.ext4",
                "-q",
                "-F",
                "-b",
                "4096",
                "-E",
                "offset=" + ROOT_OFFSET,
                "-d",
                src.toString(),
                disk.toString(),
                (ROOT_SECTORS / 2) + "k");
        return disk;
    }

    /** Copies p2 into its own (sparse) file, for e2fsck and debugfs, which cannot take an offset. */
    public static Path extractRoot(Path dir, Path disk) {
        Path p2 = dir.resolve("p2.img");
        run(
                dir,
                "dd",
                "if=" + disk,
                "of=" + p2,
                "bs=512",
                "skip=" + ROOT_START_SECTOR,
                "count=" + ROOT_SECTORS,
                "conv=sparse",
                "status=none");
        return p2;
    }

    /** mtools image spec for the boot partition: {@code disk.img@@offset}. */
    public static String bootSpec(Path disk) {
        return disk + "@@" + BOOT_OFFSET;
    }

    public static void mcopyIn(Path dir, Path disk, String name, byte[] content) throws IOException {
        Path src = Files.createTempFile(dir, "src", ".bin");
        Files.write(src, content);
        run(dir, "mcopy", "-i", bootSpec(disk), src.toString(), "::" + name);
        Files.delete(src);
    }

    /** The bytes of a boot-partition file as mtools reads them. */
    public static byte[] mcopyOut(Path dir, Path disk, String name) throws IOException {
        Path dst = dir.resolve("out-" + System.nanoTime());
        run(dir, "mcopy", "-n", "-i", bootSpec(disk), "::" + name, dst.toString());
        byte[] b = Files.readAllBytes(dst);
        Files.delete(dst);
        return b;
    }

    /** Copies the boot partition into its own (sparse) file, for fsck.fat, which cannot take an offset. */
    public static Path extractBoot(Path dir, Path disk) {
        Path p1 = dir.resolve("p1.img");
        run(
                dir,
                "dd",
                "if=" + disk,
                "of=" + p1,
                "bs=512",
                "skip=" + BOOT_START_SECTOR,
                "count=" + BOOT_SECTORS,
                "conv=sparse",
                "status=none");
        return p1;
    }

    /** Asserts the boot partition of {@code disk} is clean for {@code fsck.fat -n}. */
    public static void assertBootClean(Path dir, Path disk) throws IOException {
        Path p1 = extractBoot(dir, disk);
        ExternalTools.assertFatClean(dir, p1);
        Files.delete(p1);
    }
}
