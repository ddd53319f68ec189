package pideploy.deploy.core.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.LEMA;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.fixture.ProfileFixtures;
import pideploy.deploy.core.profile.Ipv4Address;
import pideploy.deploy.core.profile.ProfileLayer;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.TimeZoneName;

/** Contract of {@link ProfileRepository}. */
public abstract class ProfileRepositoryContract extends FleetStoreFixture {
    private static final ProfileScope.Device DEVICE_A = new ProfileScope.Device(SerialNumber.of("aaaa0001"));
    private static final ProfileScope.Device DEVICE_B = new ProfileScope.Device(SerialNumber.of("bbbb0002"));

    @Test
    void keepsEverySettingOfALayerIncludingItsSecrets() {
        ProfileSettings venue = ProfileFixtures.venueLayer();
        writeVoid(tx -> tx.profiles().put(new ProfileScope.Venue(CORO), venue, T0));

        assertThat(read((FleetTransaction tx) -> tx.profiles().find(new ProfileScope.Venue(CORO))))
                .contains(new ProfileLayer(new ProfileScope.Venue(CORO), venue, T0));
        assertThat(read((FleetTransaction tx) -> tx.profiles().find(new ProfileScope.Venue(LEMA))))
                .isEmpty();
    }

    @Test
    void replacesALayerAndRemovesIt() {
        ProfileScope scope = new ProfileScope.Product(KXP2);
        writeVoid(tx -> tx.profiles().put(scope, ProfileFixtures.venueLayer(), T0));
        ProfileSettings utc =
                ProfileSettings.builder().timeZone(new TimeZoneName("UTC")).build();
        writeVoid(tx -> tx.profiles().put(scope, utc, T0.plusSeconds(5)));

        assertThat(read((FleetTransaction tx) -> tx.profiles().find(scope)).orElseThrow())
                .isEqualTo(new ProfileLayer(scope, utc, T0.plusSeconds(5)));
        boolean removed = write(tx -> tx.profiles().remove(scope));
        assertThat(removed).isTrue();
        boolean again = write(tx -> tx.profiles().remove(scope));
        assertThat(again).isFalse();
        assertThat(read((FleetTransaction tx) -> tx.profiles().find(scope))).isEmpty();
    }

    @Test
    void answersTheLayersThatExistInTheOrderAsked() {
        ProfileSettings s =
                ProfileSettings.builder().timeZone(new TimeZoneName("UTC")).build();
        writeVoid(tx -> {
            tx.profiles().put(DEVICE_A, s, T0);
            tx.profiles().put(new ProfileScope.Product(KXP2), s, T0);
            tx.profiles().put(new ProfileScope.Venue(LEMA), s, T0);
        });

        List<ProfileLayer> layers = read((FleetTransaction tx) -> tx.profiles()
                .layers(List.of(
                        new ProfileScope.Product(KXP2),
                        new ProfileScope.Venue(CORO),
                        new ProfileScope.Batch(new BatchId(1)),
                        DEVICE_A)));

        assertThat(layers).extracting(ProfileLayer::scope).containsExactly(new ProfileScope.Product(KXP2), DEVICE_A);
        assertThat(read((FleetTransaction tx) -> tx.profiles().list()))
                .extracting(ProfileLayer::scope)
                .containsExactly(DEVICE_A, new ProfileScope.Product(KXP2), new ProfileScope.Venue(LEMA));
    }

    @Test
    void refusesASecondDeviceWithTheSameStaticAddress() {
        writeVoid(tx -> tx.profiles().put(DEVICE_A, ProfileFixtures.staticAddress("192.168.10.14/24"), T0));

        assertThatThrownBy(() -> writeVoid(
                        tx -> tx.profiles().put(DEVICE_B, ProfileFixtures.staticAddress("192.168.10.14/24"), T0)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(read((FleetTransaction tx) -> tx.profiles().holderOf(Ipv4Address.parse("192.168.10.14", "x"))))
                .contains(DEVICE_A);
        // the holder may set its own address again, and once it lets go another device may take it
        writeVoid(tx -> tx.profiles().put(DEVICE_A, ProfileFixtures.staticAddress("192.168.10.14/24"), T0));
        writeVoid(tx -> tx.profiles().put(DEVICE_A, ProfileSettings.EMPTY, T0));
        writeVoid(tx -> tx.profiles().put(DEVICE_B, ProfileFixtures.staticAddress("192.168.10.14/24"), T0));
        assertThat(read((FleetTransaction tx) -> tx.profiles().holderOf(Ipv4Address.parse("192.168.10.14", "x"))))
                .contains(DEVICE_B);
    }

    @Test
    void recordsWhatADeploymentWasGiven() {
        FleetFixtures.seed(store);
        DeploymentId id = write(tx -> tx.deployments()
                .add(FleetFixtures.newDeployment(1, LEMA, KXP2, 1, T0))
                .id());
        writeVoid(tx -> tx.profiles().recordApplied(id, "layers=venue LEMA\ntime_zone=UTC\n"));

        assertThat(read((FleetTransaction tx) -> tx.profiles().applied(id)))
                .contains("layers=venue LEMA\ntime_zone=UTC\n");
        assertThat(read((FleetTransaction tx) -> tx.profiles().applied(new DeploymentId(id.value() + 1))))
                .isEmpty();
    }

    @Test
    void recordsWhatTookEffectOnTheDeviceReplacingAnEarlierReport() {
        FleetFixtures.seed(store);
        DeploymentId id = write(tx -> tx.deployments()
                .add(FleetFixtures.newDeployment(1, LEMA, KXP2, 1, T0))
                .id());
        writeVoid(tx -> tx.profiles().recordBooted(id, "wifi_ssid=Lema\nhook.0=app v1 exit 3"));
        writeVoid(tx -> tx.profiles().recordBooted(id, "wifi_ssid=Lema\nhook.0=app v1 exit 0"));

        assertThat(read((FleetTransaction tx) -> tx.profiles().booted(id)))
                .contains("wifi_ssid=Lema\nhook.0=app v1 exit 0");
        assertThat(read((FleetTransaction tx) -> tx.profiles().booted(new DeploymentId(id.value() + 1))))
                .isEmpty();
    }
}
