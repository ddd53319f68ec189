package pideploy.disk.image.bmap;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.disk.image.ExternalTools.run;
import static pideploy.disk.image.ExternalTools.runWithInput;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pideploy.disk.image.ByteRange;
import pideploy.disk.image.ExternalTools;
import pideploy.disk.image.PiImages;
import pideploy.disk.image.ext4.Ext4BlockBitmap;
import pideploy.disk.image.fat.FatFileSystem;

/** Block maps of real Pi-like images, checked with bmaptool and by writing only mapped blocks onto a "used card". */
class BlockMapIT {

    @TempDir
    Path dir;

    private BlockMap mapOf(Path image) throws IOException {
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            return BlockMapper.map(ch);
        }
    }

    @Test
    void bmaptoolCopiesAnImageWithOurBmapAndVerifiesEveryRange() throws IOException {
        Path image = PiImages.piImageWithRoot(dir);
        BlockMap map = mapOf(image);
        Path bmap = dir.resolve("image.bmap");
        Files.writeString(bmap, BmapXml.write(map));
        Path target = dir.resolve("target.img");

        ExternalTools.Result r =
                run(dir, "bmaptool", "copy", "--bmap", bmap.toString(), image.toString(), target.toString());

        assertThat(r.stderr()).doesNotContainIgnoringCase("error").doesNotContainIgnoringCase("mismatch");
        assertThat(map.mappedBlocksCount())
                .as("free space of FAT and ext4 left out")
                .isLessThan(map.blocksCount() / 2);
        // the free blocks of a freshly built image are zeros, so the sparse copy equals the image byte for byte
        run(dir, "cmp", image.toString(), target.toString());
    }

    @Test
    void leavesHolesUnmappedOutsideParsedFilesystemsAndKeepsEveryBlockAFilesystemUses() throws IOException {
        Path image = PiImages.piImageWithRoot(dir);
        BlockMap whole = mapOf(image);
        MappedRange largest = whole.ranges().stream()
                .max(java.util.Comparator.comparingLong(r -> r.lastBlock() - r.firstBlock()))
                .orElseThrow();
        assertThat(largest.firstBlock() * 4096)
                .as("the largest used range lies in a filesystem")
                .isGreaterThanOrEqualTo(PiImages.BOOT_OFFSET);
        assertThat(largest.lastBlock() - largest.firstBlock())
                .as("a used range long enough to cut")
                .isGreaterThan(4);
        // Holes: blocks 1-3 in the gap before the first partition (mapped by the safety rule, nothing parsed there),
        // and two blocks inside a range a filesystem uses (their zeros may matter to it).
        long fsHole = (largest.firstBlock() + 2) * 4096;
        List<ByteRange> allocated = List.of(
                ByteRange.between(0, 4096),
                ByteRange.between(4 * 4096, fsHole),
                ByteRange.between(fsHole + 2 * 4096, Files.size(image)));

        BlockMap sparse;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            sparse = BlockMapper.map(ch, Optional.of(allocated));
        }

        assertThat(sparse.mappedBlocksCount())
                .as("only the gap's three blocks are left out")
                .isEqualTo(whole.mappedBlocksCount() - 3);
        assertThat(sparse.ranges()).noneMatch(r -> r.firstBlock() <= 3 && r.lastBlock() >= 1);
        assertThat(sparse.ranges())
                .anyMatch(r -> r.firstBlock() <= largest.firstBlock() + 2 && r.lastBlock() >= largest.firstBlock() + 3);
    }

    @Test
    void bmaptoolRefusesOurBmapWhenTheImageDiffersInAMappedBlock() throws IOException {
        Path image = PiImages.piImageWithRoot(dir);
        Path bmap = dir.resolve("image.bmap");
        Files.writeString(bmap, BmapXml.write(mapOf(image)));
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1}), 100); // inside the MBR's boot code area: mapped
        }

        ExternalTools.Result r = ExternalTools.runAllowingFailure(
                dir,
                null,
                "bmaptool",
                "copy",
                "--bmap",
                bmap.toString(),
                image.toString(),
                dir.resolve("t.img").toString());

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.output()).containsIgnoringCase("checksum mismatch");
    }

    @Test
    void readsABmapThatBmaptoolCreatedAndAgreesWithItsChecksums() throws IOException {
        Path image = PiImages.piImageWithRoot(dir);
        Path bmap = dir.resolve("tool.bmap");
        run(dir, "bmaptool", "create", "-o", bmap.toString(), image.toString());

        BlockMap theirs = BmapXml.parse(Files.readAllBytes(bmap));

        assertThat(theirs.imageSize()).isEqualTo(Files.size(image));
        assertThat(theirs.blockSize()).isEqualTo(4096);
        assertThat(theirs.ranges()).isNotEmpty();
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            for (MappedRange range : theirs.ranges()) {
                long from = range.firstBlock() * 4096;
                long to = Math.min((range.lastBlock() + 1) * 4096, theirs.imageSize());
                ByteBuffer b = ByteBuffer.allocate((int) (to - from));
                ch.read(b, from);
                assertThat(BmapXml.sha256Hex(b.array())).isEqualTo(range.sha256());
            }
        }
    }

    @ParameterizedTest(name = "FAT{0}")
    @ValueSource(ints = {16, 32})
    void writingOnlyMappedBlocksOntoACardFullOfOldDataGivesCleanFilesystems(int fatBits) throws IOException {
        Path image = PiImages.piImageWithRoot(dir, fatBits);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FatFileSystem fat = FatFileSystem.open(ch, PiImages.BOOT_OFFSET, java.time.Clock.systemDefaultZone());
            fat.writeFile("user-data", "#cloud-config\nhostname: KXP2-CORO-001\n".getBytes(StandardCharsets.UTF_8));
            fat.deleteFile("Config-Long Name.txt");
        }
        BlockMap map = mapOf(image);
        Path card = dir.resolve("card.img");
        // a used card: every byte is old data
        byte[] junk = new byte[1024 * 1024];
        new Random(99).nextBytes(junk);
        try (FileChannel out = FileChannel.open(card, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long pos = 0; pos < map.imageSize(); pos += junk.length)
                out.write(ByteBuffer.wrap(junk, 0, (int) Math.min(junk.length, map.imageSize() - pos)), pos);
        }
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(card, StandardOpenOption.WRITE)) {
            for (MappedRange r : map.ranges()) {
                long from = r.firstBlock() * map.blockSize();
                long to = Math.min((r.lastBlock() + 1) * map.blockSize(), map.imageSize());
                in.transferTo(from, to - from, out.position(from));
            }
        }

        PiImages.assertBootClean(dir, card);
        assertThat(PiImages.mcopyOut(dir, card, "user-data"))
                .asString(StandardCharsets.UTF_8)
                .contains("KXP2-CORO-001");
        assertThat(PiImages.mcopyOut(dir, card, "cmdline.txt"))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo(PiImages.CMDLINE);
        Path p2 = PiImages.extractRoot(dir, card);
        run(dir, "e2fsck", "-f", "-n", p2.toString());
        Path big = dir.resolve("big.out");
        run(dir, "debugfs", "-R", "dump /usr/lib/big.bin " + big, p2.toString());
        assertThat(big).hasSameBinaryContentAs(dir.resolve("rootfs/usr/lib/big.bin"));
        assertThat(run(dir, "debugfs", "-R", "cat /etc/hostname", p2.toString()).stdout())
                .isEqualTo("raspberrypi\n");
    }

    @Test
    void mapsEverythingThatIsNotAFilesystemWeParse() throws IOException {
        Path image = PiImages.piImageWithRoot(dir);
        byte[] junk = new byte[4096];
        new Random(5).nextBytes(junk);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(junk), 512 * 4000); // boot loader bytes in the gap before p1
        }
        BlockMap map = mapOf(image);

        // the first MiB and the gap up to p1 are mapped entirely
        assertThat(map.ranges().getFirst().firstBlock()).isZero();
        assertThat(map.ranges().getFirst().lastBlock()).isGreaterThanOrEqualTo(PiImages.BOOT_OFFSET / 4096 - 1);

        // the same image with p2 typed as swap and holding no ext4: all of p2 mapped
        Path other = dir.resolve("other.img");
        run(dir, "truncate", "-s", "96M", other.toString());
        runWithInput(
                dir,
                "label: dos\nstart=8192, size=131072, type=c\nstart=139264, type=82\n",
                "sfdisk",
                "-q",
                other.toString());
        BlockMap whole = mapOf(other);
        long p2First = PiImages.ROOT_OFFSET / 4096;
        assertThat(whole.ranges()).anySatisfy(r -> {
            assertThat(r.firstBlock()).isLessThanOrEqualTo(p2First);
            assertThat(r.lastBlock()).isEqualTo(whole.blocksCount() - 1);
        });
    }

    @Test
    void mapsAGptImageWithAnEspAndALinuxPartitionThatBmaptoolCopies() throws IOException {
        Path image = dir.resolve("gpt.img");
        run(dir, "truncate", "-s", "120M", image.toString());
        runWithInput(dir, """
                label: gpt
                start=2048, size=131072, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
                start=133120, size=98304, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4
                """, "sfdisk", "-q", image.toString());
        run(dir, "mkfs.vfat", "-F", "32", "--offset=2048", image.toString(), "65536");
        Path src = Files.createDirectories(dir.resolve("gptroot"));
        byte[] payload = new byte[1024 * 1024];
        new Random(3).nextBytes(payload);
        Files.write(src.resolve("payload.bin"), payload);
        run(
                dir,
                "mkfs.ext4",
                "-q",
                "-F",
                "-E",
                "offset=" + 133120L * 512,
                "-d",
                src.toString(),
                image.toString(),
                "49152k");
        BlockMap map = mapOf(image);
        Path bmap = dir.resolve("gpt.bmap");
        Files.writeString(bmap, BmapXml.write(map));
        Path target = dir.resolve("gpt-target.img");

        run(dir, "bmaptool", "copy", "--bmap", bmap.toString(), image.toString(), target.toString());

        run(dir, "cmp", image.toString(), target.toString());
        assertThat(map.mappedBlocksCount()).isLessThan(map.blocksCount() / 4);
        // the backup GPT in the last 33 sectors is mapped
        assertThat(map.ranges().getLast().lastBlock()).isEqualTo(map.blocksCount() - 1);
    }

    @Test
    void mapsTheWholeImageWhenThereIsNoPartitionTable() throws IOException {
        Path raw = dir.resolve("raw.img");
        run(dir, "truncate", "-s", "8M", raw.toString());

        BlockMap map = mapOf(raw);

        assertThat(map.mappedBlocksCount()).isEqualTo(map.blocksCount()).isEqualTo(2048);
    }

    @Test
    void ext4UsedBlocksOfTheRootPartitionAreAllMapped() throws IOException {
        Path image = PiImages.piImageWithRoot(dir);
        BlockMap map = mapOf(image);
        Ext4BlockBitmap ext;
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            ext = Ext4BlockBitmap.read(ch, PiImages.ROOT_OFFSET);
        }
        long base = PiImages.ROOT_OFFSET / 4096;
        java.util.BitSet mapped = new java.util.BitSet();
        for (MappedRange r : map.ranges()) mapped.set((int) r.firstBlock(), (int) r.lastBlock() + 1);
        for (long b = 0; b < ext.blocksCount(); b++)
            assertThat(mapped.get((int) (base + b))).as("block %d of p2", b).isEqualTo(ext.isUsed(b));
    }
}
