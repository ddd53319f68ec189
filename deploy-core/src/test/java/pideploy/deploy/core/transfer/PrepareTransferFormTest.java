package pideploy.deploy.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.transfer.port.SegmentCompressor;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.RegisterImageCommand;

class PrepareTransferFormTest {
    private static final int SEGMENT = 64 * 1024;
    private TransferRig rig;

    @BeforeEach
    void setUp() throws IOException {
        rig = new TransferRig(3);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    private MasterImage register(String version, byte[] content) {
        var outcome = rig.register(new RegisterImageCommand(
                FleetFixtures.KXP2,
                ImageVersion.of(version),
                "pi.img",
                new ByteArrayInputStream(content),
                "",
                Optional.empty(),
                false));
        return ((ImageRegistration.Registered) outcome).image();
    }

    private PrepareTransferForm prepare(SegmentCompressor compressor, int parallelism) {
        return rig.prepare(compressor, parallelism, SEGMENT);
    }

    private static byte[] randomImage(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        // Half of it compressible, like real rig.images.
        Arrays.fill(b, size / 4, size / 2, (byte) 0);
        return b;
    }

    @Test
    void coversAWholeUnpartitionedImageWithSegmentsWhoseFramesAndHashesMatch() throws Exception {
        byte[] content = randomImage(10 * SEGMENT + 1000, 1);
        MasterImage image = register("1.0", content);

        TransferPreparation outcome = prepare(new DeflateCompressor(), 2).prepare(image);

        assertThat(outcome).isInstanceOf(TransferPreparation.Ready.class);
        TransferForm form = rig.forms.find(image.fileName()).orElseThrow();
        assertThat(form.state()).isEqualTo(TransferState.READY);
        PreparedForm p = form.prepared().orElseThrow();
        byte[] indexBytes = rig.bytes(p.index().name());
        byte[] data = rig.bytes(p.data().name());
        assertThat(p.index().name()).isEqualTo(image.fileName() + ".zranges.json");
        assertThat(p.data().name()).isEqualTo(image.fileName() + ".zranges");
        assertThat(p.bmap().name()).isEqualTo(image.fileName() + ".bmap");
        assertThat(sha256(indexBytes)).isEqualTo(p.index().sha256());
        assertThat(sha256(data)).isEqualTo(p.data().sha256());
        assertThat((long) data.length)
                .isEqualTo(p.compressedBytes())
                .isEqualTo(p.data().size());
        assertThat(sha256(rig.bytes(p.bmap().name()))).isEqualTo(p.bmap().sha256());

        IndexJson index = IndexJson.parse(indexBytes);
        assertThat(index.format()).isEqualTo("deflate-ranges-test");
        assertThat(index.imageSize()).isEqualTo(content.length);
        assertThat(index.imageSha256()).isEqualTo(image.sha256());
        assertThat(index.blockSize()).isEqualTo(4096);
        assertThat(index.mappedBytes()).isEqualTo(content.length);
        assertThat(index.compressedBytes()).isEqualTo(data.length);
        // mapped_sha256 is a hash list: SHA-256 over the segments' hex sha256 values, in order.
        StringBuilder hashList = new StringBuilder();
        for (IndexEntry e : index.segments()) {
            hashList.append(sha256(Arrays.copyOfRange(content, (int) e.offset(), (int) e.offset() + e.length())));
        }
        assertThat(index.mappedSha256())
                .isEqualTo(sha256(hashList.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertThat(index.segments()).hasSize(11);
        long expectedOffset = 0;
        long expectedZ = 0;
        for (IndexEntry e : index.segments()) {
            assertThat(e.offset()).isEqualTo(expectedOffset);
            assertThat(e.zoffset()).isEqualTo(expectedZ);
            byte[] raw = Arrays.copyOfRange(content, (int) e.offset(), (int) e.offset() + e.length());
            assertThat(e.sha256()).isEqualTo(sha256(raw));
            byte[] frame = Arrays.copyOfRange(data, (int) e.zoffset(), (int) (e.zoffset() + e.zlength()));
            assertThat(DeflateCompressor.decompress(frame, e.length())).isEqualTo(raw);
            expectedOffset += e.length();
            expectedZ += e.zlength();
        }
        assertThat(expectedOffset).isEqualTo(content.length);
        assertThat(expectedZ).isEqualTo(data.length);
        assertThat(index.segments().getLast().length()).isEqualTo(1000);
    }

    @Test
    void writesTheSameBytesWhateverTheParallelism() throws Exception {
        MasterImage image = register("1.0", randomImage(20 * SEGMENT, 2));
        prepare(new DeflateCompressor(), 1).prepare(image);
        byte[] serialData = rig.bytes(image.fileName() + ".zranges");
        byte[] serialIndex = rig.bytes(image.fileName() + ".zranges.json");

        assertThat(prepare(new DeflateCompressor(), 3).prepare(image)).isInstanceOf(TransferPreparation.Ready.class);

        assertThat(rig.bytes(image.fileName() + ".zranges")).isEqualTo(serialData);
        assertThat(rig.bytes(image.fileName() + ".zranges.json")).isEqualTo(serialIndex);
    }

    @Test
    void marksAnImageWhoseFileChangedSizeFailedWithTheSizesAndLeavesNoDerivedFiles() throws Exception {
        MasterImage image = register("1.0", randomImage(4 * SEGMENT, 3));
        rig.images.overwrite(image.fileName(), new byte[1000]);

        TransferPreparation outcome = prepare(new DeflateCompressor(), 2).prepare(image);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        TransferPreparation.Failed.class,
                        f -> assertThat(f.message())
                                .contains(image.fileName(), "1000 bytes", Long.toString(image.sizeBytes())));
        TransferForm form = rig.forms.find(image.fileName()).orElseThrow();
        assertThat(form.state()).isEqualTo(TransferState.FAILED);
        assertThat(form.prepared()).isEmpty();
        for (DerivedFile kind : DerivedFile.values()) {
            assertThat(rig.images.exists(kind.nameFor(image.fileName()))).isFalse();
        }
    }

    @Test
    void refusesAnImageWhoseBytesNoLongerMatchItsRegisteredHash() throws Exception {
        byte[] content = randomImage(5 * SEGMENT, 10);
        MasterImage image = register("1.0", content);
        content[3 * SEGMENT + 17] ^= 1;
        rig.images.overwrite(image.fileName(), content);

        TransferPreparation outcome = prepare(new DeflateCompressor(), 2).prepare(image);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        TransferPreparation.Failed.class,
                        f -> assertThat(f.message())
                                .contains(image.fileName(), "no longer matches the SHA-256", image.sha256()));
        for (DerivedFile kind : DerivedFile.values()) {
            assertThat(rig.images.exists(kind.nameFor(image.fileName()))).isFalse();
        }
    }

    @Test
    void marksTheFormFailedWhenTheCodecFailsAndRemovesWhatWasWritten() {
        MasterImage image = register("1.0", randomImage(6 * SEGMENT, 4));
        SegmentCompressor broken = new SegmentCompressor() {
            private final DeflateCompressor ok = new DeflateCompressor();

            @Override
            public String format() {
                return ok.format();
            }

            @Override
            public byte[] compress(byte[] raw, int length) {
                if (raw[0] == raw[1] && raw[1] == 0) {
                    throw new IllegalStateException("codec out of memory");
                }
                return ok.compress(raw, length);
            }
        };

        TransferPreparation outcome = prepare(broken, 2).prepare(image);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        TransferPreparation.Failed.class,
                        f -> assertThat(f.message()).contains("codec out of memory"));
        assertThat(rig.images.exists(image.fileName() + ".zranges")).isFalse();
        assertThat(rig.images.exists(image.fileName() + ".zranges.json")).isFalse();
    }

    @Test
    void failsForGoodOnAnUnexpectedCodecErrorInsteadOfRetryingOnEveryScan() {
        MasterImage image = register("1.0", randomImage(2 * SEGMENT, 11));
        SegmentCompressor buggy = new SegmentCompressor() {
            @Override
            public String format() {
                return "deflate-ranges-test";
            }

            @Override
            public byte[] compress(byte[] raw, int length) {
                throw new NullPointerException();
            }
        };

        TransferPreparation outcome = prepare(buggy, 1).prepare(image);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        TransferPreparation.Failed.class,
                        f -> assertThat(f.message()).contains("NullPointerException"));
        assertThat(rig.forms.find(image.fileName()).orElseThrow().state()).isEqualTo(TransferState.FAILED);
    }

    @Test
    void anInterruptLeavesTheFormPreparingAndNoFilesBehind() {
        MasterImage image = register("1.0", randomImage(8 * SEGMENT, 12));
        SegmentCompressor interrupting = new SegmentCompressor() {
            private final DeflateCompressor ok = new DeflateCompressor();

            @Override
            public String format() {
                return ok.format();
            }

            @Override
            public byte[] compress(byte[] raw, int length) {
                rig.pool.shutdownNow();
                return ok.compress(raw, length);
            }
        };

        TransferPreparation outcome;
        try {
            outcome = prepare(interrupting, 1).prepare(image);
        } finally {
            Thread.interrupted();
        }

        assertThat(outcome).isInstanceOf(TransferPreparation.Interrupted.class);
        assertThat(rig.forms.find(image.fileName()).orElseThrow().state()).isEqualTo(TransferState.PREPARING);
        assertThat(rig.images.exists(image.fileName() + ".zranges")).isFalse();
    }

    @Test
    void replacesDerivedFilesLeftByAnInterruptedRun() throws Exception {
        MasterImage image = register("1.0", randomImage(3 * SEGMENT, 5));
        rig.images.overwrite(image.fileName() + ".zranges", "half-written by a crashed run".getBytes());
        rig.forms.save(TransferForm.pending(image.fileName(), "deflate-ranges-test", rig.clock.instant())
                .preparing(SEGMENT, 3 * SEGMENT, rig.clock.instant()));

        assertThat(prepare(new DeflateCompressor(), 1).prepare(image)).isInstanceOf(TransferPreparation.Ready.class);

        assertThat(IndexJson.parse(rig.bytes(image.fileName() + ".zranges.json"))
                        .compressedBytes())
                .isEqualTo(rig.bytes(image.fileName() + ".zranges").length);
    }

    @Test
    void servesDerivedFilesOfReadyFormsOnly() {
        MasterImage image = register("1.0", randomImage(2 * SEGMENT, 6));
        FindTransferForms find = new FindTransferForms(rig.store, rig.forms, "deflate-ranges-test");

        assertThat(find.stateOf(image).state()).isEqualTo(TransferState.PENDING);
        assertThat(find.derivedFile(image.fileName() + ".zranges")).isEmpty();
        prepare(new DeflateCompressor(), 1).prepare(image);

        assertThat(find.stateOf(image).state()).isEqualTo(TransferState.READY);
        assertThat(find.ready(image)).isPresent();
        assertThat(find.derivedFile(image.fileName() + ".zranges.json"))
                .hasValueSatisfying(f -> assertThat(f.file())
                        .isEqualTo(find.ready(image)
                                .orElseThrow()
                                .prepared()
                                .orElseThrow()
                                .index()));
        assertThat(find.derivedFile(image.fileName() + ".bmap")).isPresent();
        assertThat(find.derivedFile("unregistered.img.zranges")).isEmpty();
        assertThat(find.derivedFile(image.fileName())).isEmpty();
        assertThat(find.derivedFile(image.fileName() + ".zst")).isEmpty();
    }

    @Test
    void preparesOutstandingImagesOnceAndRedoesInterruptedOnes() throws Exception {
        MasterImage fresh = register("1.0", randomImage(2 * SEGMENT, 7));
        MasterImage interrupted = register("2.0", randomImage(2 * SEGMENT, 8));
        MasterImage failed = register("3.0", randomImage(2 * SEGMENT, 9));
        rig.forms.save(TransferForm.pending(interrupted.fileName(), "deflate-ranges-test", rig.clock.instant())
                .preparing(100, 1000, rig.clock.instant()));
        rig.forms.save(TransferForm.pending(failed.fileName(), "deflate-ranges-test", rig.clock.instant())
                .failed("broken", rig.clock.instant()));
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            var outstanding =
                    new PrepareOutstandingForms(rig.store, rig.forms, prepare(new DeflateCompressor(), 2), background);

            List<String> submitted = outstanding.submit();

            assertThat(submitted).containsExactlyInAnyOrder(fresh.fileName(), interrupted.fileName());
            background.shutdown();
            assertThat(background.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isTrue();
            assertThat(rig.forms.find(fresh.fileName()).orElseThrow().state()).isEqualTo(TransferState.READY);
            assertThat(rig.forms.find(interrupted.fileName()).orElseThrow().state())
                    .isEqualTo(TransferState.READY);
            assertThat(rig.forms.find(failed.fileName()).orElseThrow().state()).isEqualTo(TransferState.FAILED);
            assertThat(outstanding.running()).isEmpty();
            assertThat(new PrepareOutstandingForms(
                                    rig.store,
                                    rig.forms,
                                    prepare(new DeflateCompressor(), 1),
                                    Executors.newSingleThreadExecutor())
                            .submit())
                    .isEmpty();
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void leavesAnImageWhoseFileIsNotHereToTheServerThatHasIt() {
        MasterImage here = register("1.0", randomImage(2 * SEGMENT, 7));
        MasterImage elsewhere = register("2.0", randomImage(2 * SEGMENT, 8));
        ExecutorService background = Executors.newSingleThreadExecutor();
        try {
            var outstanding = new PrepareOutstandingForms(
                    rig.store,
                    rig.forms,
                    prepare(new DeflateCompressor(), 1),
                    background,
                    image -> !image.fileName().equals(elsewhere.fileName()));

            assertThat(outstanding.submit()).containsExactly(here.fileName());
            assertThat(rig.forms.find(elsewhere.fileName())).isEmpty();
        } finally {
            background.shutdownNow();
        }
    }

    @Test
    void splitsRangesOnBlockBoundariesIntoPiecesOfAtMostTheSegmentSize() {
        var map = new pideploy.disk.image.bmap.BlockMap(
                10 * 4096 + 100,
                4096,
                List.of(
                        new pideploy.disk.image.bmap.MappedRange(0, 0, "00".repeat(32)),
                        new pideploy.disk.image.bmap.MappedRange(2, 6, "00".repeat(32)),
                        new pideploy.disk.image.bmap.MappedRange(9, 10, "00".repeat(32))));

        assertThat(Segment.split(map, 2 * 4096))
                .containsExactly(
                        new Segment(0, 4096),
                        new Segment(2 * 4096, 8192),
                        new Segment(4 * 4096, 8192),
                        new Segment(6 * 4096, 4096),
                        new Segment(9 * 4096, 4096 + 100));
    }

    @Test
    void splitsDerivedNamesByTheLongestSuffix() {
        assertThat(DerivedFile.split("a.img.zranges.json")).contains(new DerivedFile.Split("a.img", DerivedFile.INDEX));
        assertThat(DerivedFile.split("a.img.zranges")).contains(new DerivedFile.Split("a.img", DerivedFile.DATA));
        assertThat(DerivedFile.split("a.img.bmap")).contains(new DerivedFile.Split("a.img", DerivedFile.BMAP));
        assertThat(DerivedFile.split("a.img")).isEmpty();
        assertThat(DerivedFile.split(".bmap")).isEmpty();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
