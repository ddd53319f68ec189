package pideploy.deploy.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BmapXml;
import pideploy.disk.image.bmap.MappedRange;

/**
 * ADR-0033 without external tools: maps written by {@code BmapXml.write} carry a correct BmapFileChecksum whatever
 * their range hashes say, so a wrong range hash reaches preparation, where the image's bytes refute it.
 */
class ImportedBmapTest {
    private static final int SEGMENT = 64 * 1024;
    private static final int BLOCK = 4096;
    private TransferRig rig;
    private final byte[] content = new byte[64 * BLOCK + 1000];

    @BeforeEach
    void setUp() throws IOException {
        rig = new TransferRig(2);
        new Random(5).nextBytes(content);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /** Blocks 0-19 (five segments of 64 KiB), 30-31 touching 32-40, and the short last block 64. */
    private List<MappedRange> ranges() throws Exception {
        return List.of(range(0, 19), range(30, 31), range(32, 40), range(64, 64));
    }

    private MappedRange range(long first, long last) throws Exception {
        int to = (int) Math.min((last + 1) * BLOCK, content.length);
        return new MappedRange(
                first, last, PrepareTransferFormTest.sha256(Arrays.copyOfRange(content, (int) first * BLOCK, to)));
    }

    private byte[] bmap(List<MappedRange> ranges) {
        return BmapXml.write(new BlockMap(content.length, BLOCK, ranges)).getBytes(StandardCharsets.UTF_8);
    }

    private ImageRegistration register(byte[] bmap) {
        return rig.register(new RegisterImageCommand(
                FleetFixtures.KXP2,
                ImageVersion.of("1.0"),
                "pi.img",
                new ByteArrayInputStream(content),
                "",
                Optional.empty(),
                false,
                Optional.of(bmap)));
    }

    private TransferPreparation prepare(MasterImage image) {
        return rig.prepare(new DeflateCompressor(), 2, SEGMENT).prepare(image);
    }

    @Test
    void preparesExactlyTheImportedRangesAcrossSegmentsTouchingRangesAndTheShortLastBlock() throws Exception {
        byte[] bmap = bmap(ranges());
        MasterImage image = ((ImageRegistration.Registered) register(bmap)).image();

        assertThat(prepare(image)).isInstanceOf(TransferPreparation.Ready.class);

        PreparedForm p =
                rig.forms.find(image.fileName()).orElseThrow().prepared().orElseThrow();
        assertThat(p.mapSource()).isEqualTo(MapSource.IMPORTED);
        assertThat(p.mappedBytes()).isEqualTo(20 * BLOCK + 11 * BLOCK + 1000);
        assertThat(rig.bytes(p.bmap().name())).isEqualTo(bmap);
        IndexJson index = IndexJson.parse(rig.bytes(p.index().name()));
        assertThat(index.segments())
                .extracting(IndexEntry::offset)
                .containsExactly(0L, 16L * BLOCK, 30L * BLOCK, 32L * BLOCK, 64L * BLOCK);
    }

    @Test
    void failsNamingTheRangeWhoseHashTheImageRefutesAndLeavesNoDerivedFiles() throws Exception {
        List<MappedRange> ranges = new java.util.ArrayList<>(ranges());
        ranges.set(2, new MappedRange(32, 40, "ab".repeat(32)));
        MasterImage image = ((ImageRegistration.Registered) register(bmap(ranges))).image();

        assertThat(prepare(image)).isInstanceOf(TransferPreparation.Failed.class);

        TransferForm form = rig.forms.find(image.fileName()).orElseThrow();
        assertThat(form.reason())
                .contains(
                        "range of blocks 32-40",
                        "bytes %d-%d".formatted(32 * BLOCK, 41 * BLOCK),
                        "the bmap says " + "ab".repeat(32));
        assertThat(rig.images.exists(image.fileName() + ".zranges")).isFalse();
        assertThat(rig.images.exists(image.fileName() + ".bmap")).isFalse();
        assertThat(rig.images.exists(image.fileName() + ImportedBmap.SUFFIX)).isTrue();
    }

    @Test
    void refusesAMapWithAnotherBlockSizeBeforeRegistering() throws Exception {
        byte[] bmap = BmapXml.write(new BlockMap(
                        content.length,
                        512,
                        List.of(new MappedRange(0, 7, PrepareTransferFormTest.sha256(Arrays.copyOf(content, 4096))))))
                .getBytes(StandardCharsets.UTF_8);

        assertThat(register(bmap))
                .isInstanceOfSatisfying(
                        ImageRegistration.BmapRejected.class,
                        r -> assertThat(r.reason()).contains("block size 512"));
        assertThat(rig.images.exists("kxp2-1.0-pi.img")).isFalse();
        assertThatThrownBy(() -> ImportedBmap.check("<bmap>".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("imported bmap refused");
    }
}
