package pideploy.deploy.transfer.zstd;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.transfer.InMemoryTransferFormRepository;
import pideploy.deploy.core.transfer.IndexEntry;
import pideploy.deploy.core.transfer.IndexJson;
import pideploy.deploy.core.transfer.PrepareTransferForm;
import pideploy.deploy.core.transfer.PreparedForm;
import pideploy.deploy.core.transfer.TransferImages;
import pideploy.deploy.core.transfer.TransferPreparation;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.RegisterImage;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.deploy.storage.fs.DirectoryImageStore;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BlockMapper;
import pideploy.disk.image.bmap.BmapXml;
import pideploy.disk.image.bmap.MappedRange;

/**
 * Prepares the zstd-ranges-v1 form of a real Pi-like image (sfdisk, mkfs.vfat, mkfs.ext4 -d) and checks it against
 * the image, disk-image's block map, the zstd command line and bmaptool.
 */
class ZstdTransferFormIT {
    @TempDir
    static Path dir;

    static DirectoryImageStore images;
    static MasterImage image;
    static Path imageFile;
    static PreparedForm form;
    static IndexJson index;
    static byte[] data;
    static ExecutorService pool;

    @BeforeAll
    static void prepare() throws Exception {
        Path built = TransferImages.build(dir, "pi.img", 48, 42);
        images = new DirectoryImageStore(dir.resolve("images"));
        InMemoryFleetStore store = new InMemoryFleetStore();
        FleetFixtures.seed(store);
        MutableClock clock = MutableClock.at("2026-11-26T10:00:00Z");
        try (InputStream in = Files.newInputStream(built)) {
            image = ((ImageRegistration.Registered) new RegisterImage(store, images, clock)
                            .register(new RegisterImageCommand(
                                    FleetFixtures.KXP2,
                                    ImageVersion.of("2026.11.1"),
                                    "pi.img",
                                    in,
                                    "",
                                    Optional.empty(),
                                    false)))
                    .image();
        }
        imageFile = images.path(image.fileName());
        pool = Executors.newFixedThreadPool(2);
        var forms = new InMemoryTransferFormRepository();
        TransferPreparation outcome = new PrepareTransferForm(
                        store, images, forms, new ZstdSegmentCompressor(), pool, 2, clock)
                .prepare(image);
        assertThat(outcome).isInstanceOf(TransferPreparation.Ready.class);
        form = forms.find(image.fileName()).orElseThrow().prepared().orElseThrow();
        index = IndexJson.parse(Files.readAllBytes(images.path(form.index().name())));
        data = Files.readAllBytes(images.path(form.data().name()));
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    @Test
    void segmentsCoverExactlyTheMappedRangesOfTheBlockMapInPiecesOfAtMost4MiB() throws IOException {
        BlockMap map;
        try (FileChannel ch = FileChannel.open(imageFile)) {
            map = BlockMapper.map(ch);
        }
        List<long[]> covered = new ArrayList<>();
        for (IndexEntry e : index.segments()) {
            assertThat(e.offset() % 4096).isZero();
            assertThat(e.length()).isBetween(1, 4 << 20);
            if (!covered.isEmpty() && covered.getLast()[1] == e.offset()) {
                covered.getLast()[1] = e.offset() + e.length();
            } else {
                covered.add(new long[] {e.offset(), e.offset() + e.length()});
            }
        }
        List<long[]> mapped = map.ranges().stream()
                .map(r -> new long[] {r.firstBlock() * 4096, Math.min((r.lastBlock() + 1) * 4096, map.imageSize())})
                .toList();
        assertThat(covered)
                .usingElementComparator((a, b) -> Arrays.equals(a, b) ? 0 : 1)
                .containsExactlyElementsOf(mapped);
        assertThat(index.mappedBytes()).isEqualTo(map.mappedBytes()).isEqualTo(form.mappedBytes());
        // A Pi-like image is mostly free space: the form must leave most of it out.
        assertThat(index.mappedBytes()).isLessThan(image.sizeBytes() / 2);
        assertThat(index.imageSize()).isEqualTo(image.sizeBytes());
        assertThat(index.imageSha256()).isEqualTo(image.sha256());
        assertThat(index.format()).isEqualTo("zstd-ranges-v1");
    }

    @Test
    void everyFrameDecodesToTheImageBytesItsHashNames() throws Exception {
        MessageDigest mappedDigest = MessageDigest.getInstance("SHA-256");
        long z = 0;
        try (FileChannel ch = FileChannel.open(imageFile)) {
            for (IndexEntry e : index.segments()) {
                ByteBuffer raw = ByteBuffer.allocate(e.length());
                ch.read(raw, e.offset());
                assertThat(e.zoffset()).isEqualTo(z);
                byte[] frame = Arrays.copyOfRange(data, (int) e.zoffset(), (int) (e.zoffset() + e.zlength()));
                byte[] decoded = Zstd.decompress(frame, e.length());
                assertThat(decoded).isEqualTo(raw.array());
                assertThat(sha256(decoded)).isEqualTo(e.sha256());
                assertThat(ZstdFrames.windowSize(frame, 0)).isLessThanOrEqualTo(8L << 20);
                mappedDigest.update(e.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                z += e.zlength();
            }
        }
        assertThat(z).isEqualTo(data.length).isEqualTo(index.compressedBytes());
        assertThat(HexFormat.of().formatHex(mappedDigest.digest())).isEqualTo(index.mappedSha256());
        assertThat(sha256(Files.readAllBytes(images.path(form.index().name()))))
                .isEqualTo(form.index().sha256());
    }

    @Test
    void theZstdCommandLineDecodesTheDataFileToTheMappedBytes() throws Exception {
        Path out = dir.resolve("mapped.raw");
        run("zstd", "-q", "-d", "-f", images.path(form.data().name()).toString(), "-o", out.toString());

        assertThat(Files.size(out)).isEqualTo(index.mappedBytes());
        assertThat(Files.size(out))
                .isEqualTo(
                        index.segments().stream().mapToLong(IndexEntry::length).sum());
        StringBuilder hashes = new StringBuilder();
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        try (FileChannel ch = FileChannel.open(imageFile)) {
            for (IndexEntry e : index.segments()) {
                ByteBuffer raw = ByteBuffer.allocate(e.length());
                ch.read(raw, e.offset());
                expected.write(raw.array(), 0, e.length());
                hashes.append(e.sha256());
            }
        }
        assertThat(sha256(Files.readAllBytes(out))).isEqualTo(sha256(expected.toByteArray()));
        assertThat(sha256(hashes.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo(index.mappedSha256());
    }

    @Test
    void bmaptoolCopiesTheImageWithTheBmapAndTheMappedBlocksMatch() throws Exception {
        Path target = dir.resolve("card.img");
        Path bmapFile = images.path(form.bmap().name());
        String log = run("bmaptool", "copy", "--bmap", bmapFile.toString(), imageFile.toString(), target.toString());

        assertThat(log).doesNotContain("ERROR");
        BlockMap map = BmapXml.parse(Files.readAllBytes(bmapFile));
        assertThat(Files.size(target)).isEqualTo(image.sizeBytes());
        try (FileChannel card = FileChannel.open(target);
                FileChannel img = FileChannel.open(imageFile)) {
            for (MappedRange r : map.ranges()) {
                long from = r.firstBlock() * 4096;
                int len = (int) (Math.min((r.lastBlock() + 1) * 4096, image.sizeBytes()) - from);
                ByteBuffer a = ByteBuffer.allocate(len);
                ByteBuffer b = ByteBuffer.allocate(len);
                card.read(a, from);
                img.read(b, from);
                assertThat(a.array())
                        .as("range %d-%d", r.firstBlock(), r.lastBlock())
                        .isEqualTo(b.array());
            }
        }
        // The copy boots as far as filesystems go: both are clean although free blocks were never written.
        run(
                "fsck.fat",
                "-n",
                extract(target, TransferImages.BOOT_OFFSET, 16 * TransferImages.MIB, "boot.fat")
                        .toString());
        run(
                "e2fsck",
                "-f",
                "-n",
                extract(target, TransferImages.ROOT_OFFSET, image.sizeBytes() - TransferImages.ROOT_OFFSET, "root.ext4")
                        .toString());
    }

    private static Path extract(Path from, long offset, long length, String name) throws IOException {
        Path to = dir.resolve(name);
        try (FileChannel in = FileChannel.open(from);
                FileChannel out = FileChannel.open(
                        to,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            long done = 0;
            while (done < length) {
                done += in.transferTo(offset + done, length - done, out);
            }
        }
        return to;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
