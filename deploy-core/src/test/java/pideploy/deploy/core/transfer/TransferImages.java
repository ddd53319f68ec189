package pideploy.deploy.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds small Raspberry-Pi-like disk images with the real tools: an MBR (sfdisk) with a 16 MiB FAT16 boot partition
 * (mkfs.vfat, files copied in with mcopy, checked with fsck.fat) and an ext4 root partition made by
 * {@code mkfs.ext4 -d} from a generated tree (text that compresses, random data that does not, a zero-filled file),
 * with the free space between files left holding stale bytes, as a used card would. Deterministic for a seed.
 */
public final class TransferImages {
    public static final long MIB = 1 << 20;
    /** Boot partition: sectors 2048..34815. */
    public static final long BOOT_OFFSET = 2048L * 512;
    /** Root partition starts at sector 34816 (17 MiB) and runs to the end. */
    public static final long ROOT_OFFSET = 34816L * 512;

    private TransferImages() {}

    /** A Pi-like image of {@code sizeMib} (>= 40) MiB; its root holds about {@code sizeMib / 4} MiB of files. */
    public static Path build(Path dir, String name, int sizeMib, long seed) throws IOException, InterruptedException {
        Path image = dir.resolve(name);
        Random random = new Random(seed);
        // Stale bytes everywhere first: unmapped blocks must not be needed, whatever they hold.
        try (SeekableByteChannel ch =
                Files.newByteChannel(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[(int) MIB];
            for (int i = 0; i < sizeMib; i++) {
                random.nextBytes(junk);
                ch.write(ByteBuffer.wrap(junk));
            }
        }
        run(
                dir,
                List.of("sfdisk", "--quiet", image.toString()),
                "label: dos\nstart=2048, size=32768, type=c\nstart=34816, type=83\n");

        Path fat = dir.resolve(name + ".fat");
        run(dir, List.of("mkfs.vfat", "-n", "bootfs", "-C", fat.toString(), "16384"), "");
        Path bootFiles = Files.createDirectories(dir.resolve(name + ".boot"));
        Files.writeString(bootFiles.resolve("config.txt"), "arm_64bit=1\ndtoverlay=vc4-kms-v3d\n");
        Files.writeString(
                bootFiles.resolve("cmdline.txt"),
                "console=serial0,115200 console=tty1 root=PARTUUID=01234567-02 rootfstype=ext4 fsck.repair=yes "
                        + "rootwait\n");
        byte[] kernel = new byte[(int) (2 * MIB)];
        random.nextBytes(kernel);
        Files.write(bootFiles.resolve("kernel8.img"), kernel);
        for (String f : List.of("config.txt", "cmdline.txt", "kernel8.img")) {
            run(dir, List.of("mcopy", "-i", fat.toString(), bootFiles.resolve(f).toString(), "::" + f), "");
        }
        run(dir, List.of("fsck.fat", "-n", fat.toString()), "");
        run(dir, List.of("dd", "if=" + fat, "of=" + image, "bs=1M", "seek=1", "conv=notrunc", "status=none"), "");

        Path tree = Files.createDirectories(dir.resolve(name + ".root"));
        fillRoot(tree, random, sizeMib / 4);
        Path ext = dir.resolve(name + ".ext4");
        long rootKib = (sizeMib * MIB - ROOT_OFFSET) / 1024;
        run(
                dir,
                List.of(
                        "mkfs.ext4",
                        "-q",
                        "-F",
                        "-b",
                        "4096",
                        "-L",
                        "rootfs",
                        "-d",
                        tree.toString(),
                        ext.toString(),
                        rootKib + "k"),
                "");
        run(dir, List.of("dd", "if=" + ext, "of=" + image, "bs=1M", "seek=17", "conv=notrunc", "status=none"), "");
        Files.delete(fat);
        Files.delete(ext);
        return image;
    }

    private static void fillRoot(Path tree, Random random, int dataMib) throws IOException {
        Path etc = Files.createDirectories(tree.resolve("etc"));
        Files.writeString(etc.resolve("hostname"), "raspberrypi\n");
        Path doc = Files.createDirectories(tree.resolve("usr/share/doc"));
        String[] words = {
            "raspberry",
            "pi",
            "deploy",
            "kernel",
            "module",
            "firmware",
            "network",
            "boot",
            "image",
            "card",
            "write",
            "verify",
            "hostname",
            "venue",
            "product",
            "the",
            "a",
            "of",
            "and",
            "to"
        };
        long textBytes = dataMib * MIB / 2;
        int file = 0;
        while (textBytes > 0) {
            StringBuilder text = new StringBuilder();
            int size = 20_000 + random.nextInt(200_000);
            while (text.length() < size) {
                text.append(words[random.nextInt(words.length)]).append(random.nextInt(9) == 0 ? '\n' : ' ');
            }
            Files.writeString(doc.resolve("doc-" + file++ + ".txt"), text, StandardCharsets.US_ASCII);
            textBytes -= text.length();
        }
        Path lib = Files.createDirectories(tree.resolve("usr/lib"));
        byte[] binary = new byte[(int) (dataMib * MIB / 3)];
        random.nextBytes(binary);
        Files.write(lib.resolve("libblob.so"), binary);
        Files.write(tree.resolve("var-zeros.bin"), new byte[(int) MIB]);
    }

    static void run(Path dir, List<String> command, String stdin) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.US_ASCII));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s failed: %s", cmd, output).isZero();
    }
}
