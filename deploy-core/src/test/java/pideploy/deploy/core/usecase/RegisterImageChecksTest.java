package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fake.InMemoryFleetStore;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.port.ImageDecoder;
import pideploy.deploy.core.port.ImageIdentityReset;
import pideploy.deploy.core.port.ImageShrinker;

/**
 * The published hash (ADR-0090) and the identity reset of captures (ADR-0091), over in-memory fakes: a wrong hash
 * or a capture whose identity cannot be reset registers nothing and leaves no file; a right hash, in any case,
 * registers.
 */
class RegisterImageChecksTest {
    private final MutableClock clock = MutableClock.at("2026-12-04T01:00:00Z");
    private final InMemoryFleetStore store = new InMemoryFleetStore();
    private final InMemoryImageStore images = new InMemoryImageStore();
    private final byte[] content = new byte[3 * 1024 * 1024 + 17];

    RegisterImageChecksTest() {
        FleetFixtures.seed(store);
        new Random(3).nextBytes(content);
    }

    private RegisterImageCommand command(String version, Optional<String> sha256, boolean capture) {
        return new RegisterImageCommand(
                FleetFixtures.KXP2,
                ImageVersion.of(version),
                "pi.img",
                new ByteArrayInputStream(content),
                "",
                Optional.empty(),
                false,
                Optional.empty(),
                List.of(),
                false,
                sha256,
                capture);
    }

    private RegisterImage registerImage(ImageIdentityReset reset) {
        return new RegisterImage(store, images, clock, ImageDecoder.RAW_ONLY, ImageShrinker.NONE, reset);
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aWrongPublishedHashRegistersNothingAndNamesBothHashes() throws Exception {
        ImageRegistration outcome =
                registerImage(ImageIdentityReset.NONE).register(command("1.0", Optional.of("ab".repeat(32)), false));

        assertThat(outcome).isInstanceOf(ImageRegistration.ChecksumMismatch.class);
        ImageRegistration.ChecksumMismatch m = (ImageRegistration.ChecksumMismatch) outcome;
        assertThat(m.actualSha256()).isEqualTo(sha256(content));
        assertThat(m.fileBytes()).isEqualTo(content.length);
        assertThat(m.message()).contains("ab".repeat(32), sha256(content), "nothing was kept");
        assertThat(images.exists("kxp2-1.0-pi.img")).isFalse();
        Optional<pideploy.deploy.core.image.MasterImage> recorded =
                store.read(tx -> tx.images().find(FleetFixtures.KXP2, ImageVersion.of("1.0")));
        assertThat(recorded).isEmpty();
    }

    @Test
    void theRightPublishedHashInCapitalsRegisters() throws Exception {
        ImageRegistration outcome = registerImage(ImageIdentityReset.NONE)
                .register(command("1.1", Optional.of(sha256(content).toUpperCase()), false));

        assertThat(outcome).isInstanceOf(ImageRegistration.Registered.class);
        assertThat(((ImageRegistration.Registered) outcome).image().sha256()).isEqualTo(sha256(content));
    }

    @Test
    void aPublishedHashThatIsNotSha256IsRefusedBeforeAnythingIsRead() {
        assertThatThrownBy(() -> command("1.2", Optional.of("abc"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 hexadecimal digits");
    }

    @Test
    void aCaptureWhoseIdentityCannotBeResetRegistersNothing() {
        ImageRegistration outcome =
                registerImage(ImageIdentityReset.NONE).register(command("2.0", Optional.empty(), true));

        assertThat(outcome).isInstanceOf(ImageRegistration.IdentityNotReset.class);
        assertThat(((ImageRegistration.IdentityNotReset) outcome).message()).contains("no adapter configured");
        assertThat(images.exists("kxp2-2.0-pi.img")).isFalse();
        Optional<pideploy.deploy.core.image.MasterImage> recorded =
                store.read(tx -> tx.images().find(FleetFixtures.KXP2, ImageVersion.of("2.0")));
        assertThat(recorded).isEmpty();
    }

    @Test
    void aResetCaptureIsHashedAgainAndKeepsTheCardsHashAsOrigin() throws Exception {
        ImageIdentityReset zeroFirstByte = fileName -> {
            // Stands in for debugfs: changes the stored file in place.
            byte[] changed = images.bytes(fileName).orElseThrow().clone();
            changed[0] ^= 1;
            images.delete(fileName);
            try (var pending = images.create(fileName)) {
                pending.output().write(changed);
                pending.commit();
            }
            return new ImageIdentityReset.Outcome.Reset(List.of("/etc/machine-id (emptied)"));
        };

        ImageRegistration outcome = registerImage(zeroFirstByte).register(command("2.1", Optional.empty(), true));

        assertThat(outcome).isInstanceOf(ImageRegistration.Registered.class);
        var image = ((ImageRegistration.Registered) outcome).image();
        byte[] changed = content.clone();
        changed[0] ^= 1;
        assertThat(image.sha256()).isEqualTo(sha256(changed));
        assertThat(image.origin().sha256()).isEqualTo(sha256(content));
        assertThat(image.origin().shrinkNote()).startsWith("identity reset: /etc/machine-id (emptied); ");
    }
}
