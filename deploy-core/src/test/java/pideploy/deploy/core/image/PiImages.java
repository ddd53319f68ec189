package pideploy.deploy.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds small Raspberry-Pi-like disk images with the real tools: an MBR (sfdisk) with a 16 MiB FAT boot partition
 * (mkfs.vfat, files copied in with mcopy) and a Linux partition after it.
 */
public final class PiImages {
    private PiImages() {}

    /** A 24 MiB image whose boot partition holds {@code files} (name -> content). */
    public static Path build(Path dir, String name, Map<String, String> files)
            throws IOException, InterruptedException {
        Path image = dir.resolve(name);
        Path fat = dir.resolve(name + ".fat");
        try (var ch = Files.newByteChannel(
                image, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            ch.position(24L * 1024 * 1024 - 1);
            ch.write(java.nio.ByteBuffer.wrap(new byte[1]));
        }
        run(
                dir,
                List.of("sfdisk", "--quiet", image.toString()),
                "label: dos\nstart=2048, size=32768, type=c\nstart=34816, type=83\n");
        run(dir, List.of("mkfs.vfat", "-n", "bootfs", "-C", fat.toString(), "16384"), "");
        for (var file : files.entrySet()) {
            Path content = dir.resolve("content-" + file.getKey());
            Files.writeString(content, file.getValue(), StandardCharsets.US_ASCII);
            run(dir, List.of("mcopy", "-i", fat.toString(), content.toString(), "::" + file.getKey()), "");
        }
        run(dir, List.of("fsck.fat", "-n", fat.toString()), "");
        run(dir, List.of("dd", "if=" + fat, "of=" + image, "bs=1M", "seek=1", "conv=notrunc", "status=none"), "");
        Files.delete(fat);
        return image;
    }

    private static void run(Path dir, List<String> command, String stdin) throws IOException, InterruptedException {
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
