package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.RXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;
import static pideploy.deploy.core.fixture.FleetFixtures.image;

import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.image.ImageState;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.image.MasterImage;

/** Contract of {@link ImageRepository}. */
public abstract class ImageRepositoryContract extends FleetStoreFixture {

    @BeforeEach
    void seed() {
        FleetFixtures.seed(store);
    }

    @Test
    void keepsEveryFieldOfARegisteredImage() {
        MasterImage img = new MasterImage(
                KXP2,
                ImageVersion.of("2026.11.1"),
                "kxp2-2026.11.1-kxp2.img",
                5_368_709_120L,
                "ab".repeat(32),
                T0,
                "first build",
                CustomizationMethod.CLOUD_INIT,
                true,
                ImageState.INACTIVE,
                Optional.empty());
        writeVoid(tx -> tx.images().add(img));

        assertThat(read((FleetTransaction tx) -> tx.images().find(KXP2, ImageVersion.of("2026.11.1"))))
                .contains(img);
        assertThat(read((FleetTransaction tx) -> tx.images().findByFileName("kxp2-2026.11.1-kxp2.img")))
                .contains(img);
        assertThat(read((FleetTransaction tx) -> tx.images().findByFileName("other.img")))
                .isEmpty();
    }

    @Test
    void keepsTheOriginAndMinimumCardSizeOfAShrunkImageThroughActivation() {
        MasterImage img = new MasterImage(
                KXP2,
                ImageVersion.of("3.0"),
                "kxp2-3.0-raspios.img",
                900_000_000L,
                "ab".repeat(32),
                T0,
                "",
                CustomizationMethod.FIRSTRUN,
                false,
                ImageState.INACTIVE,
                Optional.empty(),
                950_000_000L,
                new pideploy.deploy.core.image.ImageOrigin(
                        31_000_000_000L, "cd".repeat(32), "shrunk from 29564 MiB to 858 MiB"));
        writeVoid(tx -> tx.images().add(img));
        writeVoid(tx -> tx.images().update(img.activated(T0)));

        MasterImage back = read((FleetTransaction tx) -> tx.images().find(KXP2, ImageVersion.of("3.0")))
                .orElseThrow();
        assertThat(back).isEqualTo(img.activated(T0));
        assertThat(back.shrunk()).isTrue();
        assertThat(back.minCardSizeBytes()).isEqualTo(950_000_000L);
        assertThat(back.origin().sha256()).isEqualTo("cd".repeat(32));
    }

    @Test
    void deletesOneImageAndFreesItsVersionAndFileName() {
        writeVoid(tx -> tx.images().add(image(KXP2, "1.0", ImageState.INACTIVE)));
        writeVoid(tx -> tx.images().add(image(KXP2, "2.0", ImageState.INACTIVE)));

        boolean first = write((FleetTransaction tx) -> tx.images().delete(KXP2, ImageVersion.of("1.0")));
        boolean again = write((FleetTransaction tx) -> tx.images().delete(KXP2, ImageVersion.of("1.0")));
        assertThat(first).isTrue();
        assertThat(again).isFalse();

        assertThat(read((FleetTransaction tx) -> tx.images().find(KXP2, ImageVersion.of("1.0"))))
                .isEmpty();
        assertThat(read((FleetTransaction tx) -> tx.images().find(KXP2, ImageVersion.of("2.0"))))
                .isPresent();
        writeVoid(tx -> tx.images().add(image(KXP2, "1.0", ImageState.INACTIVE)));
        assertThat(read((FleetTransaction tx) -> tx.images().find(KXP2, ImageVersion.of("1.0"))))
                .isPresent();
    }

    @Test
    void rejectsASecondImageWithTheSameProductAndVersion() {
        writeVoid(tx -> tx.images().add(image(KXP2, "1.0", ImageState.INACTIVE)));
        MasterImage again = new MasterImage(
                KXP2,
                ImageVersion.of("1.0"),
                "another-file.img",
                1,
                "cd".repeat(32),
                T0,
                "",
                CustomizationMethod.FIRSTRUN,
                false,
                ImageState.INACTIVE,
                Optional.empty());

        assertThatThrownBy(() -> writeVoid(tx -> tx.images().add(again))).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void rejectsASecondImageWithTheSameFileName() {
        writeVoid(tx -> tx.images().add(image(KXP2, "1.0", ImageState.INACTIVE)));
        MasterImage sameFile = new MasterImage(
                RXP2,
                ImageVersion.of("1.0"),
                image(KXP2, "1.0", ImageState.INACTIVE).fileName(),
                1,
                "cd".repeat(32),
                T0,
                "",
                CustomizationMethod.FIRSTRUN,
                false,
                ImageState.INACTIVE,
                Optional.empty());

        assertThatThrownBy(() -> writeVoid(tx -> tx.images().add(sameFile))).isInstanceOf(DuplicateKeyException.class);
    }

    @Test
    void allowsOneActiveImagePerProduct() {
        writeVoid(tx -> {
            tx.images().add(image(KXP2, "1.0", ImageState.ACTIVE));
            tx.images().add(image(KXP2, "2.0", ImageState.INACTIVE));
            tx.images().add(image(RXP2, "1.0", ImageState.ACTIVE));
        });
        MasterImage second = image(KXP2, "2.0", ImageState.INACTIVE).activated(T0.plusSeconds(1));

        assertThatThrownBy(() -> writeVoid(tx -> tx.images().update(second))).isInstanceOf(DuplicateKeyException.class);
        assertThat(read((FleetTransaction tx) -> tx.images().findActive(KXP2)))
                .map(MasterImage::version)
                .contains(ImageVersion.of("1.0"));
    }

    @Test
    void switchesTheActiveImageWhenTheOldOneIsDeactivatedFirst() {
        writeVoid(tx -> {
            tx.images().add(image(KXP2, "1.0", ImageState.ACTIVE));
            tx.images().add(image(KXP2, "2.0", ImageState.INACTIVE));
        });
        MasterImage second = image(KXP2, "2.0", ImageState.INACTIVE).activated(T0.plusSeconds(60));

        writeVoid(tx -> {
            tx.images().update(image(KXP2, "1.0", ImageState.ACTIVE).withState(ImageState.INACTIVE));
            tx.images().update(second);
        });

        assertThat(read((FleetTransaction tx) -> tx.images().findActive(KXP2))).contains(second);
        assertThat(read((FleetTransaction tx) -> tx.images().find(KXP2, ImageVersion.of("1.0"))))
                .map(MasterImage::state)
                .contains(ImageState.INACTIVE);
    }

    @Test
    void listsByProductThenNewestRegistrationFirst() {
        MasterImage older = image(KXP2, "1.0", ImageState.INACTIVE);
        MasterImage newer = new MasterImage(
                KXP2,
                ImageVersion.of("0.9"),
                "kxp2-0.9.img",
                1,
                "ef".repeat(32),
                T0.plusSeconds(5),
                "",
                CustomizationMethod.FIRSTRUN,
                false,
                ImageState.INACTIVE,
                Optional.empty());
        MasterImage r = image(RXP2, "1.0", ImageState.INACTIVE);
        writeVoid(tx -> {
            tx.images().add(r);
            tx.images().add(older);
            tx.images().add(newer);
        });

        assertThat(read((FleetTransaction tx) -> tx.images().list(Optional.empty())))
                .containsExactly(newer, older, r);
        assertThat(read((FleetTransaction tx) -> tx.images().list(Optional.of(RXP2))))
                .containsExactly(r);
    }

    @Test
    void refusesToUpdateAMissingImage() {
        assertThatThrownBy(() -> writeVoid(tx -> tx.images().update(image(KXP2, "9.9", ImageState.ACTIVE))))
                .isInstanceOf(StorageException.class);
    }
}
