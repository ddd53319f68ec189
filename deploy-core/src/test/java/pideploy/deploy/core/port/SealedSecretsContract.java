package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fixture.ProfileFixtures;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.ProfileText;
import pideploy.deploy.core.profile.SecretSeal;
import pideploy.deploy.core.profile.SecretUnreadableException;

/**
 * Contract of a persistence adapter's {@link ProfileRepository} for secrets at rest (ADR-0093): what it stores holds no
 * PSK, EAP password or password hash in clear, reads them back with the key, seals layers stored in clear before,
 * and refuses (naming the key file) with no key or another key. Each adapter says how to open its one database with
 * a seal and how to read and write a layer's stored text behind the port's back.
 */
public abstract class SealedSecretsContract {
    private static final ProfileScope VENUE = new ProfileScope.Venue(CORO);
    private final byte[] key = SecretSeal.newKey();

    /** Opens this test's database (the same one every call: created empty on the first) with {@code seal}. */
    protected abstract FleetStore open(SecretSeal seal);

    /** Closes every store {@link #open} opened. */
    protected abstract void closeAll();

    /** The {@code settings} text stored for {@code scope}, as the database holds it. */
    protected abstract String storedText(ProfileScope scope);

    /** Overwrites the stored text of {@code scope}'s layer, which exists. */
    protected abstract void overwriteStoredText(ProfileScope scope, String text);

    @AfterEach
    final void close() {
        closeAll();
    }

    private FleetStore withVenueLayer() {
        FleetStore store = open(SecretSeal.withKey(key));
        store.write(tx -> {
            tx.venues().add(pideploy.deploy.core.fixture.FleetFixtures.venue(CORO));
            tx.profiles().put(VENUE, ProfileFixtures.venueLayer(), T0);
            return null;
        });
        return store;
    }

    @Test
    void storesEverySecretSealedAndReadsItBackWithTheKey() {
        FleetStore store = withVenueLayer();

        String stored = storedText(VENUE);
        assertThat(stored)
                .doesNotContain(ProfileFixtures.PSK, "s3cret pass", ProfileFixtures.HASH)
                .contains("wifi.0.ssid=Corona Karting", "time_zone=Europe/London");
        assertThat(stored.lines().filter(l -> l.contains("=" + SecretSeal.PREFIX)))
                .hasSize(3);
        assertThat(store.read(tx -> tx.profiles().find(VENUE)).map(ProfileLayer::settings))
                .contains(ProfileFixtures.venueLayer());
    }

    @Test
    void sealsALayerStoredInClearWhenOpenedWithTheKey() {
        withVenueLayer();
        overwriteStoredText(VENUE, ProfileText.encode(ProfileFixtures.venueLayer(), false));
        assertThat(storedText(VENUE)).contains(ProfileFixtures.PSK);

        FleetStore reopened = open(SecretSeal.withKey(key));

        assertThat(storedText(VENUE)).doesNotContain(ProfileFixtures.PSK, ProfileFixtures.HASH);
        assertThat(reopened.read(tx -> tx.profiles().find(VENUE)).map(ProfileLayer::settings))
                .contains(ProfileFixtures.venueLayer());
    }

    @Test
    void anotherKeyOrNoKeyCannotReadTheSecretsAndSaysWhatToRestore() {
        withVenueLayer();

        FleetStore otherKey = open(SecretSeal.withKey(SecretSeal.newKey()));
        assertThatThrownBy(() -> otherKey.read(tx -> tx.profiles().find(VENUE)))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("secrets.key");
        FleetStore noKey = open(SecretSeal.withoutKey("opened without secrets.key"));
        assertThatThrownBy(() -> noKey.read(tx -> tx.profiles().find(VENUE)))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("secrets.key");
        assertThatThrownBy(() -> noKey.write(tx -> {
                    tx.profiles().put(VENUE, ProfileFixtures.venueLayer(), T0);
                    return null;
                }))
                .isInstanceOf(SecretUnreadableException.class);
        assertThat(storedText(VENUE)).doesNotContain(ProfileFixtures.PSK);
    }

    @Test
    void aLayerWithoutSecretsNeedsNoKey() {
        FleetStore noKey = open(SecretSeal.withoutKey("no key"));
        ProfileSettings utc = ProfileSettings.builder()
                .timeZone(new pideploy.deploy.core.profile.TimeZoneName("UTC"))
                .build();
        noKey.write(tx -> {
            tx.venues().add(pideploy.deploy.core.fixture.FleetFixtures.venue(CORO));
            tx.profiles().put(VENUE, utc, T0);
            return null;
        });

        assertThat(noKey.read(tx -> tx.profiles().find(VENUE)).map(ProfileLayer::settings))
                .contains(utc);
    }
}
