package pideploy.deploy.server.netboot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import pideploy.disk.image.partition.Partition;
import pideploy.disk.image.partition.PartitionTable;

/**
 * Copies {@code lib/modules} out of the master image's ext4 root partition with Debian's {@code debugfs}
 * (e2fsprogs), which reads the filesystem at an offset inside the image file: nothing is mounted, nothing needs
 * root, and the image is opened read-only.
 */
final class ImageRootModules {
    private ImageRootModules() {}

    /**
     * Dumps the image root's module tree into {@code into} and returns the {@code lib/modules} directory there,
     * or empty when the image has no Linux root partition or no modules in it (a kernel with its drivers built in).
     *
     * @throws KitFailure when {@code debugfs} is not installed or cannot read the root partition
     */
    static Optional<Path> extract(Path image, Path into) throws IOException {
        Optional<Partition> root;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            root = PartitionTable.read(ch).partitions().stream()
                    .filter(Partition::isLinuxData)
                    .reduce((a, b) -> b);
        }
        if (root.isEmpty()) return Optional.empty();
        String source = image.toAbsolutePath() + "?offset=" + root.get().firstByte();
        Files.createDirectories(into);
        // Pi OS has merged /usr: /lib is a symlink, which rdump would copy as a link; the real tree is below /usr.
        for (String dir : List.of("/usr/lib/modules", "/lib/modules")) {
            NetbootKit.run(
                    List.of("debugfs", "-c", "-R", "rdump " + dir + " " + into, source),
                    600,
                    "debugfs (Debian package e2fsprogs) reads the image's root partition for its kernel modules; "
                            + "install it, or give --modules DIR");
            Path dumped = into.resolve("modules");
            if (Files.isDirectory(dumped) && !KernelModules.versions(dumped).isEmpty()) return Optional.of(dumped);
        }
        return Optional.empty();
    }
}
