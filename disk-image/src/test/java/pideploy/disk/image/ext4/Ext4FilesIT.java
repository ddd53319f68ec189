package pideploy.disk.image.ext4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.disk.image.ExternalTools.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Files read by path from filesystems made by mke2fs -d, compared with the tree they were made from. */
class Ext4FilesIT {
    private static final String FSTAB =
            "proc /proc proc defaults 0 0\n" + "PARTUUID=5e3da3b1-01 /boot/firmware vfat defaults 0 2\n";

    @TempDir
    Path dir;

    private final byte[] big = new byte[300 * 1024 + 77];

    private Path tree() throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("etc"));
        Files.writeString(src.resolve("etc/fstab"), FSTAB);
        new Random(11).nextBytes(big);
        Files.createDirectories(src.resolve("usr/lib"));
        Files.write(src.resolve("usr/lib/big.bin"), big);
        // Enough entries that the directory spans several blocks (an htree where the filesystem indexes them).
        for (int i = 0; i < 400; i++) Files.writeString(src.resolve("etc/conf-" + i + ".d"), "n" + i);
        return src;
    }

    private Path make(String fsType, String... options) throws IOException {
        Path image = dir.resolve(fsType + ".img");
        Files.deleteIfExists(image);
        String[] command = new String[options.length + 7];
        command[0] = "mkfs." + fsType;
        command[1] = "-q";
        command[2] = "-F";
        System.arraycopy(options, 0, command, 3, options.length);
        command[options.length + 3] = "-d";
        command[options.length + 4] = tree().toString();
        command[options.length + 5] = image.toString();
        command[options.length + 6] = "16M";
        run(dir, command);
        return image;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ext4:4096", "ext4:1024", "ext2:1024", "ext3:4096"})
    void readsFilesByPathAsTheyWereWritten(String kind) throws IOException {
        String[] k = kind.split(":");
        Path image = make(k[0], "-b", k[1]);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            Ext4Files fs = Ext4Files.open(ch, 0);

            assertThat(fs.readFile("/etc/fstab", 64 * 1024))
                    .hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo(FSTAB));
            assertThat(fs.readFile("/usr/lib/big.bin", 1 << 20))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
            assertThat(fs.readFile("/etc/conf-399.d", 100))
                    .hasValueSatisfying(b -> assertThat(new String(b)).isEqualTo("n399"));
            assertThat(fs.readFile("/etc/missing", 100)).isEmpty();
            assertThat(fs.readFile("/etc", 100)).as("a directory is not a file").isEmpty();
            assertThat(fs.readFile("/etc/fstab/x", 100)).isEmpty();
        }
    }

    @Test
    void findsTheFilesystemAtAnOffsetAndRefusesAFileLargerThanAsked() throws IOException {
        Path fs = make("ext4");
        Path disk = dir.resolve("disk.img");
        try (FileChannel out = FileChannel.open(disk, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileChannel in = FileChannel.open(fs, StandardOpenOption.READ)) {
            in.transferTo(0, in.size(), out.position(4 << 20));
        }
        try (FileChannel ch = FileChannel.open(disk, StandardOpenOption.READ)) {
            Ext4Files files = Ext4Files.open(ch, 4 << 20);

            assertThat(files.readFile("/etc/fstab", 4096)).isPresent();
            assertThatThrownBy(() -> files.readFile("/usr/lib/big.bin", 4096))
                    .isInstanceOf(Ext4FormatException.class)
                    .hasMessageContaining("more than the 4096");
        }
    }

    @Test
    void refusesBytesThatAreNoExtFilesystem() throws IOException {
        Path zeros = dir.resolve("zeros.img");
        Files.write(zeros, new byte[8192]);
        try (FileChannel ch = FileChannel.open(zeros, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> Ext4Files.open(ch, 0))
                    .isInstanceOf(Ext4FormatException.class)
                    .hasMessageContaining("no superblock magic");
        }
    }
}
