package pideploy.installer.blockdev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds fake system roots (procfs and sysfs trees) from the captured samples, for the adapter tests. */
final class SampleFiles {
    private SampleFiles() {}

    static String sample(String name) {
        try (InputStream in = SampleFiles.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path root, String relative, String content) {
        try {
            Path file = root.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An SD card mmcblk0 of {@code sectors} 512-byte sectors with two partitions, as sysfs shows it. */
    static void sdCard(Path root, long sectors) {
        write(root, "sys/class/block/mmcblk0/dev", "179:0\n");
        write(root, "sys/class/block/mmcblk0/size", sectors + "\n");
        write(root, "sys/class/block/mmcblk0/mmcblk0p1/dev", "179:1\n");
        write(root, "sys/class/block/mmcblk0/mmcblk0p1/partition", "1\n");
        write(root, "sys/class/block/mmcblk0/mmcblk0p2/dev", "179:2\n");
        write(root, "sys/class/block/mmcblk0/mmcblk0p2/partition", "2\n");
        write(root, "sys/class/block/mmcblk0p2/dev", "179:2\n");
        write(root, "sys/class/block/mmcblk0p2/partition", "2\n");
        write(root, "sys/block/mmcblk0/device/cid", "035344534333324780b1c2d3e4016700\n");
        write(root, "sys/block/mmcblk0/device/name", "SC32G\n");
        write(root, "sys/block/mmcblk0/device/manfid", "0x000003\n");
        write(root, "dev/mmcblk0", "");
        write(root, "dev/mmcblk0p2", "");
    }
}
