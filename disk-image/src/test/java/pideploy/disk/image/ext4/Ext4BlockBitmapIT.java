package pideploy.disk.image.ext4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.disk.image.ExternalTools.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pideploy.disk.image.ByteRange;

/** Our reading of ext2/3/4 allocation cross-checked block by block with dumpe2fs on filesystems made by mke2fs. */
class Ext4BlockBitmapIT {

    private static final Pattern FREE_LINE = Pattern.compile("^  Free blocks: (.*)$", Pattern.MULTILINE);
    private static final Pattern BLOCK_COUNT = Pattern.compile("^Block count:\\s+(\\d+)$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** A small tree of files for mkfs -d: a few MiB, some small files, a directory. */
    private Path content() throws IOException {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("etc"));
        Files.createDirectories(src.resolve("usr/lib"));
        Files.writeString(src.resolve("etc/hostname"), "KXP2-CORO-001\n");
        byte[] big = new byte[3 * 1024 * 1024 + 123];
        new Random(7).nextBytes(big);
        Files.write(src.resolve("usr/lib/big.bin"), big);
        for (int i = 0; i < 20; i++) Files.writeString(src.resolve("usr/lib/f" + i), "x".repeat(i * 700));
        return src;
    }

    /** Free blocks according to dumpe2fs's per-group "Free blocks:" lists. */
    private BitSet dumpe2fsFree(Path image) {
        String out = run(dir, "dumpe2fs", image.toString()).stdout();
        BitSet free = new BitSet();
        Matcher m = FREE_LINE.matcher(out);
        while (m.find()) {
            if (m.group(1).isBlank()) continue;
            for (String part : m.group(1).split(",\\s*")) {
                String[] ab = part.trim().split("-");
                long a = Long.parseLong(ab[0]);
                long b = ab.length > 1 ? Long.parseLong(ab[1]) : a;
                free.set((int) a, (int) b + 1);
            }
        }
        return free;
    }

    private static long blockCount(String dumpe2fsHeader) {
        Matcher m = BLOCK_COUNT.matcher(dumpe2fsHeader);
        assertThat(m.find()).isTrue();
        return Long.parseLong(m.group(1));
    }

    private Ext4BlockBitmap read(Path image, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            return Ext4BlockBitmap.read(ch, offset);
        }
    }

    private void assertMatchesDumpe2fs(Path image) throws IOException {
        Ext4BlockBitmap bitmap = read(image, 0);
        BitSet expectedFree = dumpe2fsFree(image);
        long blocks = blockCount(run(dir, "dumpe2fs", "-h", image.toString()).stdout());

        assertThat(bitmap.blocksCount()).isEqualTo(blocks);
        List<Long> disagreements = new ArrayList<>();
        for (long b = 0; b < blocks && disagreements.size() < 20; b++)
            if (bitmap.isUsed(b) == expectedFree.get((int) b)) disagreements.add(b);
        assertThat(disagreements).as("blocks where we and dumpe2fs disagree").isEmpty();
        assertThat(bitmap.freeBlocks()).isEqualTo(expectedFree.cardinality()).isPositive();
    }

    @ParameterizedTest(name = "mkfs.ext4 {0}")
    @ValueSource(
            strings = {
                "-b 1024", // many groups, BLOCK_UNINIT, sparse_super backups
                "-b 4096", // default layout, 64bit + flex_bg + metadata_csum
                "-b 1024 -O ^64bit,^flex_bg,^metadata_csum", // 32-byte descriptors, metadata in each group, no csum
                "-b 1024 -O ^metadata_csum,uninit_bg", // gdt_csum flavour of BLOCK_UNINIT
                "-b 1024 -O sparse_super2",
                "-b 2048 -O ^has_journal -g 4096"
            })
    void agreesWithDumpe2fsOnEveryBlock(String options) throws IOException {
        Path image = dir.resolve("root.img");
        run(dir, "truncate", "-s", "48M", image.toString());
        List<String> cmd =
                new ArrayList<>(List.of("mkfs.ext4", "-q", "-F", "-d", content().toString()));
        cmd.addAll(List.of(options.split(" ")));
        cmd.add(image.toString());
        run(dir, cmd.toArray(String[]::new));

        assertMatchesDumpe2fs(image);
    }

    @Test
    void agreesWithDumpe2fsOnExt2() throws IOException {
        Path image = dir.resolve("root.img");
        run(dir, "truncate", "-s", "24M", image.toString());
        run(dir, "mkfs.ext2", "-q", "-F", "-d", content().toString(), image.toString());

        assertMatchesDumpe2fs(image);
    }

    @Test
    void readsAFilesystemAtAnOffsetAndReportsByteRanges() throws IOException {
        Path image = dir.resolve("disk.img");
        long offset = 4 * 1024 * 1024;
        run(dir, "truncate", "-s", "40M", image.toString());
        run(
                dir,
                "mkfs.ext4",
                "-q",
                "-F",
                "-b",
                "4096",
                "-E",
                "offset=" + offset,
                "-d",
                content().toString(),
                image.toString(),
                "32M");

        Ext4BlockBitmap bitmap = read(image, offset);

        assertThat(bitmap.blockSize()).isEqualTo(4096);
        assertThat(bitmap.sizeBytes()).isEqualTo(32L * 1024 * 1024);
        List<ByteRange> ranges = bitmap.usedRanges();
        assertThat(ranges.getFirst().offset()).isZero();
        assertThat(ranges.stream().mapToLong(ByteRange::length).sum()).isEqualTo(bitmap.usedBlocks() * 4096);
        // the 3 MiB file is in there
        assertThat(bitmap.usedBlocks() * 4096).isGreaterThan(3L * 1024 * 1024);
        for (int i = 1; i < ranges.size(); i++)
            assertThat(ranges.get(i).offset()).isGreaterThan(ranges.get(i - 1).end());
    }

    @Test
    void refusesBigalloc() throws IOException {
        Path image = dir.resolve("big.img");
        run(dir, "truncate", "-s", "64M", image.toString());
        run(dir, "mkfs.ext4", "-q", "-F", "-O", "bigalloc", "-C", "16384", image.toString());

        assertThatThrownBy(() -> read(image, 0))
                .isInstanceOf(Ext4FormatException.class)
                .hasMessageContaining("bigalloc");
    }

    @Test
    void refusesAFilesystemThatWasNotCleanlyUnmounted() throws IOException {
        Path image = dir.resolve("dirty.img");
        run(dir, "truncate", "-s", "24M", image.toString());
        run(dir, "mkfs.ext4", "-q", "-F", image.toString());
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0}), 1024 + 0x3A); // s_state = not clean
        }

        assertThatThrownBy(() -> read(image, 0))
                .isInstanceOf(Ext4FormatException.class)
                .hasMessageContaining("cleanly");
    }

    @Test
    void refusesSomethingThatIsNotExt() throws IOException {
        Path image = dir.resolve("zero.img");
        run(dir, "truncate", "-s", "4M", image.toString());

        assertThatThrownBy(() -> read(image, 0))
                .isInstanceOf(Ext4FormatException.class)
                .hasMessageContaining("0xEF53");
    }

    @Test
    void treatsAGroupWhoseBitmapDisagreesWithItsDescriptorAsUsed() throws IOException {
        Path image = dir.resolve("odd.img");
        run(dir, "truncate", "-s", "24M", image.toString());
        run(dir, "mkfs.ext4", "-q", "-F", "-b", "1024", "-O", "^metadata_csum,^uninit_bg", image.toString());
        Ext4BlockBitmap before = read(image, 0);
        // clear the first bitmap byte of group 0 without fixing the descriptor's free count
        long bitmapBlock;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer gd = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            ch.read(gd, 2 * 1024);
            bitmapBlock = gd.getInt(0);
            ch.write(ByteBuffer.wrap(new byte[] {0}), bitmapBlock * 1024 + 100);
        }

        Ext4BlockBitmap after = read(image, 0);

        assertThat(before.isUsed(8191)).isFalse();
        assertThat(after.isUsed(8191)).as("group 0 now counted as all used").isTrue();
        assertThat(after.usedBlocks()).isGreaterThan(before.usedBlocks());
    }
}
