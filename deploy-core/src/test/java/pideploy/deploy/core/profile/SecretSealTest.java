package pideploy.deploy.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretSealTest {
    private final SecretSeal seal = SecretSeal.withKey(SecretSeal.newKey());

    @Test
    void sealsToADifferentTextEachTimeAndOpensBack() {
        String a = seal.seal("correct horse battery");
        String b = seal.seal("correct horse battery");

        assertThat(a).startsWith(SecretSeal.PREFIX).doesNotContain("horse").isNotEqualTo(b);
        assertThat(seal.open(a)).isEqualTo("correct horse battery");
        assertThat(seal.open(b)).isEqualTo("correct horse battery");
    }

    @Test
    void readsAValueStoredBeforeSealingAsItIs() {
        assertThat(seal.open("plain old psk")).isEqualTo("plain old psk");
    }

    @Test
    void refusesAnAlteredValueAnotherKeyAndNoKeyNamingTheKeyFile() {
        String sealed = seal.seal("secret value");
        // A character in the middle: all six of its bits are data (near the end, some can be padding bits that the
        // decoder ignores, which made the alteration invisible for some random IVs).
        int at = (SecretSeal.PREFIX.length() + sealed.length()) / 2;
        char middle = sealed.charAt(at);
        String altered = sealed.substring(0, at) + (middle == 'A' ? 'B' : 'A') + sealed.substring(at + 1);

        assertThatThrownBy(() -> seal.open(altered))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("secrets.key");
        assertThatThrownBy(() -> SecretSeal.withKey(SecretSeal.newKey()).open(sealed))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("secrets.key");
        assertThatThrownBy(() -> SecretSeal.withoutKey("no secrets.key here").open(sealed))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessage("no secrets.key here");
        assertThatThrownBy(() -> SecretSeal.withoutKey("no secrets.key here").seal("x"))
                .isInstanceOf(SecretUnreadableException.class);
        assertThatThrownBy(() -> seal.open(SecretSeal.PREFIX + "not base64!"))
                .isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void refusesAKeyOfTheWrongLength() {
        assertThatThrownBy(() -> SecretSeal.withKey(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes, got 16 bytes");
    }

    @Test
    void namesTheSecretKeysOfALayerAndFindsOnesStoredInClear() {
        ProfileSettings layer = pideploy.deploy.core.fixture.ProfileFixtures.venueLayer();

        assertThat(ProfileText.secretKeys(layer)).containsExactly("wifi.0.psk", "wifi.1.password", "password_hash");
        assertThat(ProfileText.hasPlainSecret(ProfileText.encode(layer, false))).isTrue();
        String stored = ProfileText.encode(layer, seal::seal);
        assertThat(ProfileText.hasPlainSecret(stored)).isFalse();
        assertThat(ProfileText.decodeStored(stored, seal::open)).isEqualTo(layer);
    }
}
