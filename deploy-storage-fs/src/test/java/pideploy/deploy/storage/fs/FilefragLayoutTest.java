package pideploy.deploy.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.port.ImageStore;
import pideploy.deploy.core.transfer.port.FileLayout;
import pideploy.disk.image.ByteRange;

/** Real sparse files on the test directory's filesystem (ext4 here and in CI: it answers FIEMAP). */
class FilefragLayoutTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void answersForAStoredFileByItsNameInTheStore() throws IOException {
        DirectoryImageStore images = new DirectoryImageStore(dir.resolve("images"));
        try (ImageStore.PendingImage pending = images.create("stored.img")) {
            pending.output().write(random(MIB));
            pending.skip(4L * MIB);
            pending.output().write(random(MIB));
            pending.commit();
        }

        FileLayout layout = new FilefragLayout().over(images);

        assertThat(layout.allocatedRanges("stored.img"))
                .contains(List.of(ByteRange.between(0, MIB), ByteRange.between(5L * MIB, 6L * MIB)));
        assertThat(layout.allocatedRanges("missing.img")).isEmpty();
    }

    @Test
    void reportsWhereASparseFileHoldsDataAndNothingForItsHoles() throws IOException {
        Path file = dir.resolve("sparse.img");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(64L * MIB);
            f.seek(100 * 4096L + 10);
            f.write(random(3 * 4096 - 20));
            f.seek(10L * MIB);
            f.write(random(2 * MIB));
            f.seek(64L * MIB - 4096);
            f.write(random(4096));
        }

        Optional<List<ByteRange>> ranges = new FilefragLayout().allocatedRanges(file);

        assertThat(ranges)
                .contains(List.of(
                        ByteRange.between(100 * 4096L, 103 * 4096L),
                        ByteRange.between(10L * MIB, 12L * MIB),
                        ByteRange.between(64L * MIB - 4096, 64L * MIB)));
    }

    @Test
    void aFileWithoutHolesIsOneRangeAndAFileOfOneHoleIsNone() throws IOException {
        Path full = dir.resolve("full.img");
        Files.write(full, random(MIB + 100));
        Path hole = dir.resolve("hole.img");
        try (RandomAccessFile f = new RandomAccessFile(hole.toFile(), "rw")) {
            f.setLength(8L * MIB);
        }

        assertThat(new FilefragLayout().allocatedRanges(full)).contains(List.of(ByteRange.between(0, MIB + 100)));
        assertThat(new FilefragLayout().allocatedRanges(hole)).contains(List.of());
    }

    @Test
    void saysUnknownWhenItCannotTellInsteadOfGuessing() throws IOException {
        Path file = dir.resolve("x.img");
        Files.write(file, random(4096));

        assertThat(new FilefragLayout("no-such-filefrag-here").allocatedRanges(file))
                .isEmpty();
        assertThat(new FilefragLayout().allocatedRanges(dir.resolve("missing.img")))
                .isEmpty();
        assertThat(FilefragLayout.parse("FIBMAP: Inappropriate ioctl for device\n"))
                .isEmpty();
        assertThat(FilefragLayout.parse("""
                Filesystem type is: ef53
                   0:        0..       0:   34816..     34816:      1:
                """))
                .as("extents without the header's block size")
                .isEmpty();
        assertThat(FilefragLayout.parse("""
                File size of a b.img is 8192 (2 blocks of 4096 bytes)
                   0:        1..       0:   34816..     34817:      2:             last,eof
                """))
                .as("an extent that ends before it starts")
                .isEmpty();
        assertThat(FilefragLayout.parse("""
                File size of a b.img is 8192 (2 blocks of 4096 bytes)
                   0:        1..       3:   34816..     34818:      3:
                   1:        5..       6:   34900..     34901:      2:             last,eof
                """))
                .as("preallocation past the end, clipped and dropped")
                .contains(List.of(ByteRange.between(4096, 8192)));
    }

    @Test
    void parsesExtentsOfAnyFlagsAndClipsTheLastBlockToTheFileSize() {
        Optional<List<ByteRange>> ranges = FilefragLayout.parse("""
                Filesystem type is: ef53
                File size of /srv/images/pi os.img is 40000 (10 blocks of 4096 bytes)
                 ext:     logical_offset:        physical_offset: length:   expected: flags:
                   0:        0..       1:          0..         0:      0:             unknown_loc,delalloc
                   1:        4..       4:   34642020..  34642020:      1:        100: unwritten
                   2:        5..       9:   34644480..  34644484:      5:             last,eof
                /srv/images/pi os.img: 2 extents found
                """);

        assertThat(ranges).contains(List.of(ByteRange.between(0, 8192), ByteRange.between(4 * 4096, 40000)));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SplittableRandom(length).nextBytes(bytes);
        return bytes;
    }
}
