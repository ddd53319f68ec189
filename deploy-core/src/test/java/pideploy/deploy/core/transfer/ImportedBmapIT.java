package pideploy.deploy.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.disk.image.bmap.BlockMap;
import pideploy.disk.image.bmap.BmapXml;

/** ADR-0033: a {@code .bmap} made by {@code bmaptool create} for a sparse image, imported with it. */
class ImportedBmapIT {
    @TempDir
    Path dir;

    private TransferRig rig;

    @BeforeEach
    void setUp() throws IOException {
        rig = new TransferRig(2);
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    /** A sparse ext4 image without a partition table: BlockMapper maps all of it, bmaptool only its extents. */
    private Path sparseImage(String name) throws Exception {
        Path tree = Files.createDirectories(dir.resolve(name + ".tree"));
        Files.writeString(tree.resolve("hostname"), "raspberrypi\n");
        byte[] blob = new byte[1 << 20];
        new Random(7).nextBytes(blob);
        Files.write(tree.resolve("blob"), blob);
        Path image = dir.resolve(name);
        TransferImages.run(dir, List.of("truncate", "-s", "24M", image.toString()), "");
        TransferImages.run(
                dir, List.of("mkfs.ext4", "-q", "-F", "-b", "4096", "-d", tree.toString(), image.toString()), "");
        return image;
    }

    private byte[] bmaptoolCreate(Path image) throws Exception {
        Path bmap = dir.resolve(image.getFileName() + ".bmap");
        TransferImages.run(dir, List.of("bmaptool", "create", "-o", bmap.toString(), image.toString()), "");
        return Files.readAllBytes(bmap);
    }

    private ImageRegistration register(String version, Path image, byte[] bmap) throws IOException {
        return rig.register(new RegisterImageCommand(
                FleetFixtures.KXP2,
                ImageVersion.of(version),
                "pi.img",
                new ByteArrayInputStream(Files.readAllBytes(image)),
                "",
                Optional.empty(),
                false,
                Optional.ofNullable(bmap)));
    }

    private PrepareTransferForm prepare() {
        return rig.prepare(new DeflateCompressor(), 1, 64 * 1024);
    }

    @Test
    void preparesFromTheImportedMapAndServesItUnchanged() throws Exception {
        Path file = sparseImage("a.img");
        byte[] bmap = bmaptoolCreate(file);
        BlockMap imported = BmapXml.parse(bmap);
        assertThat(imported.mappedBytes()).isLessThan(Files.size(file) / 2);

        MasterImage image = ((ImageRegistration.Registered) register("1.0", file, bmap)).image();
        TransferPreparation outcome = prepare().prepare(image);

        assertThat(outcome).isInstanceOf(TransferPreparation.Ready.class);
        PreparedForm p =
                rig.forms.find(image.fileName()).orElseThrow().prepared().orElseThrow();
        assertThat(p.mapSource()).isEqualTo(MapSource.IMPORTED);
        assertThat(p.mappedBytes()).isEqualTo(imported.mappedBytes());
        assertThat(rig.bytes(p.bmap().name())).isEqualTo(bmap);
        IndexJson index = IndexJson.parse(rig.bytes(p.index().name()));
        assertThat(index.mappedBytes()).isEqualTo(imported.mappedBytes());
    }

    @Test
    void anImageWithoutBmapIsPreparedFromTheComputedMap() throws Exception {
        Path file = sparseImage("b.img");
        MasterImage image = ((ImageRegistration.Registered) register("1.0", file, null)).image();

        prepare().prepare(image);

        PreparedForm p =
                rig.forms.find(image.fileName()).orElseThrow().prepared().orElseThrow();
        assertThat(p.mapSource()).isEqualTo(MapSource.COMPUTED);
        assertThat(rig.images.exists(image.fileName() + ImportedBmap.SUFFIX)).isFalse();
    }

    @Test
    void refusesABmapWhoseFileChecksumIsWrongAndRegistersNothing() throws Exception {
        Path file = sparseImage("c.img");
        String text = new String(bmaptoolCreate(file), StandardCharsets.UTF_8);
        int at = text.indexOf("chksum=\"") + "chksum=\"".length();
        char flipped = text.charAt(at) == '0' ? '1' : '0';
        byte[] tampered = (text.substring(0, at) + flipped + text.substring(at + 1)).getBytes(StandardCharsets.UTF_8);

        ImageRegistration outcome = register("1.0", file, tampered);

        assertThat(outcome)
                .isInstanceOfSatisfying(
                        ImageRegistration.BmapRejected.class,
                        r -> assertThat(r.message())
                                .contains("KXP2 1.0 not registered", "bmap file checksum mismatch"));
        List<MasterImage> registered = rig.store.read(tx -> tx.images().list(Optional.empty()));
        assertThat(registered).isEmpty();
        assertThat(rig.images.names()).isEmpty();
        assertThat(rig.images.writing()).as("files still being written").isZero();
    }

    @Test
    void refusesABmapOfAnImageOfAnotherSize() throws Exception {
        Path file = sparseImage("d.img");
        byte[] bmap = bmaptoolCreate(file);
        TransferImages.run(dir, List.of("truncate", "-s", "28M", file.toString()), "");

        assertThat(register("1.0", file, bmap))
                .isInstanceOfSatisfying(
                        ImageRegistration.BmapRejected.class,
                        r -> assertThat(r.reason()).contains("29360128", "25165824"));
    }

    @Test
    void failsThePreparationNamingTheRangeWhoseBytesDoNotMatchTheImportedMap() throws Exception {
        Path file = sparseImage("e.img");
        byte[] bmap = bmaptoolCreate(file);
        BlockMap map = BmapXml.parse(bmap);
        long victim = map.ranges().getFirst().firstBlock() * map.blockSize() + 100;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0x5a, 0x5a, 0x5a}), victim);
        }
        MasterImage image = ((ImageRegistration.Registered) register("1.0", file, bmap)).image();

        TransferPreparation outcome = prepare().prepare(image);

        assertThat(outcome).isInstanceOf(TransferPreparation.Failed.class);
        TransferForm form = rig.forms.find(image.fileName()).orElseThrow();
        assertThat(form.state()).isEqualTo(TransferState.FAILED);
        assertThat(form.reason())
                .contains(
                        "imported bmap does not match the image",
                        "range of blocks %d-%d"
                                .formatted(
                                        map.ranges().getFirst().firstBlock(),
                                        map.ranges().getFirst().lastBlock()));
        assertThat(rig.images.exists(image.fileName())).isTrue();
        assertThat(rig.images.exists(image.fileName() + ".zranges.json")).isFalse();
    }
}
