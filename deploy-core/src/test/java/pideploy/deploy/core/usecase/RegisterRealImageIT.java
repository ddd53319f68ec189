package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fake.RecordingEventPublisher;
import pideploy.deploy.core.filestore.DirectoryImageStore;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.PiImages;

/** Registers a real 24 MiB disk image: checksum of the whole file, cloud-init detected from its boot partition. */
class RegisterRealImageIT {
    @TempDir
    Path work;
    @TempDir
    Path images;

    @Test
    void recordsTheChecksumAndDetectedMethodOfARealImage() throws Exception {
        Path source = PiImages.build(work, "pi.img", Map.of("user-data", "#cloud-config\nhostname: x\n"));
        InMemoryFleetStore store = new InMemoryFleetStore();
        FleetFixtures.seed(store);
        DeployCore core = DeployCore.create(store, new DirectoryImageStore(images), new RecordingEventPublisher(),
                new MutableClock(T0), CoreSettings.DEFAULTS);

        ImageRegistration outcome;
        try (InputStream in = Files.newInputStream(source)) {
            outcome = core.registerImage().register(new RegisterImageCommand(KXP2, ImageVersion.of("2026.11.26"),
                    "pi.img", in, "", Optional.empty(), true));
        }

        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(source)));
        assertThat(outcome).isInstanceOfSatisfying(ImageRegistration.Registered.class, r -> {
            assertThat(r.image().customization()).isEqualTo(CustomizationMethod.CLOUD_INIT);
            assertThat(r.image().sizeBytes()).isEqualTo(24L * 1024 * 1024);
            assertThat(r.image().sha256()).isEqualTo(sha);
            assertThat(r.image().isActive()).isTrue();
        });
    }
}
