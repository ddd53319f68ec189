package pideploy.deploy.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fake.RecordingEventPublisher;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.PiImages;
import pideploy.deploy.core.usecase.CoreSettings;
import pideploy.deploy.core.usecase.DeployCore;
import pideploy.deploy.core.usecase.ImageRegistration;
import pideploy.deploy.core.usecase.RegisterImageCommand;
import pideploy.disk.image.ByteRange;

/** Registers a real 24 MiB disk image: checksum of the whole file, cloud-init detected from its boot partition. */
class RegisterRealImageIT {
    @TempDir
    Path work;

    @TempDir
    Path images;

    /** A core on a seeded in-memory fleet, storing images in {@link #images}. */
    private DeployCore core() throws java.io.IOException {
        InMemoryFleetStore store = new InMemoryFleetStore();
        FleetFixtures.seed(store);
        return DeployCore.create(
                store,
                new DirectoryImageStore(images),
                new RecordingEventPublisher(),
                new MutableClock(T0),
                CoreSettings.DEFAULTS);
    }

    @Test
    void recordsTheChecksumAndDetectedMethodOfARealImage() throws Exception {
        Path source = PiImages.build(work, "pi.img", Map.of("user-data", "#cloud-config\nhostname: x\n"));
        ImageRegistration outcome;
        try (InputStream in = Files.newInputStream(source)) {
            outcome = core().registerImage()
                    .register(new RegisterImageCommand(
                            KXP2, ImageVersion.of("2026.11.26"), "pi.img", in, "", Optional.empty(), true));
        }

        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(source)));
        assertThat(outcome).isInstanceOfSatisfying(ImageRegistration.Registered.class, r -> {
            assertThat(r.image().customization()).isEqualTo(CustomizationMethod.CLOUD_INIT);
            assertThat(r.image().sizeBytes()).isEqualTo(24L * 1024 * 1024);
            assertThat(r.image().sha256()).isEqualTo(sha);
            assertThat(r.image().isActive()).isTrue();
        });
    }

    @Test
    void keepsTheHolesOfASparseSourceAndWritesWhateverInAToldHoleIsNotZeros() throws Exception {
        int mib = 1 << 20;
        Path source = work.resolve("sparse.img");
        byte[] data = new byte[mib];
        new java.util.SplittableRandom(7).nextBytes(data);
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(source.toFile(), "rw")) {
            f.setLength(8L * mib);
            f.write(data);
            f.seek(5L * mib);
            f.write(data);
        }
        // The real holes, and a wrong one over the first 64 KiB (data there): that data must still be stored.
        List<ByteRange> holes = List.of(
                ByteRange.between(0, 65536), ByteRange.between(mib, 5L * mib), ByteRange.between(6L * mib, 8L * mib));
        ImageRegistration outcome;
        try (InputStream in = Files.newInputStream(source)) {
            outcome = core().registerImage()
                    .register(new RegisterImageCommand(
                            KXP2,
                            ImageVersion.of("2026.11.27"),
                            "sparse.img",
                            in,
                            "",
                            Optional.empty(),
                            true,
                            Optional.empty(),
                            holes));
        }

        assertThat(outcome).isInstanceOf(ImageRegistration.Registered.class);
        Path stored =
                images.resolve(((ImageRegistration.Registered) outcome).image().fileName());
        assertThat(Files.size(stored)).isEqualTo(8L * mib);
        assertThat(Files.mismatch(stored, source)).as("first differing byte").isEqualTo(-1);
        Process stat = new ProcessBuilder("stat", "-c", "%b", stored.toString()).start();
        long allocated = Long.parseLong(new String(stat.getInputStream().readAllBytes()).strip()) * 512;
        assertThat(allocated)
                .as("bytes allocated for the stored 8 MiB image")
                .isLessThan(3L * mib)
                .isGreaterThanOrEqualTo(2L * mib);
    }
}
