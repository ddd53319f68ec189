package pideploy.deploy.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.io.ByteArrayInputStream;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.fake.InMemoryImageStore;
import pideploy.deploy.core.fake.MutableClock;
import pideploy.deploy.core.fake.RecordingEventPublisher;
import pideploy.deploy.core.fixture.FleetFixtures;
import pideploy.deploy.core.fixture.ProfileFixtures;
import pideploy.deploy.core.image.ImageVersion;
import pideploy.deploy.core.port.FleetStoreFixture;
import pideploy.deploy.core.profile.ConfigLine;
import pideploy.deploy.core.profile.EnvName;
import pideploy.deploy.core.profile.ProfileChange;
import pideploy.deploy.core.profile.ProfileScope;
import pideploy.deploy.core.profile.ProfileSettings;
import pideploy.deploy.core.profile.TimeZoneName;

/** Profiles through the use cases, over any store: layers set, merged into the config answer and recorded. */
public abstract class ProfileUseCasesContract extends FleetStoreFixture {
    private DeployCore core;

    @BeforeEach
    void buildCore() {
        core = DeployCore.create(
                store,
                new InMemoryImageStore(),
                new RecordingEventPublisher(),
                new MutableClock(T0),
                CoreSettings.DEFAULTS);
        FleetFixtures.seed(store);
        assertThat(core.registerImage()
                        .register(new RegisterImageCommand(
                                KXP2,
                                ImageVersion.of("1.0"),
                                "kxp2.img",
                                new ByteArrayInputStream("kxp2 image".getBytes()),
                                "",
                                Optional.empty(),
                                true)))
                .isInstanceOf(ImageRegistration.Registered.class);
        assertThat(core.importPool().importNumbers(ImportPoolCommand.parse(CORO, KXP2, "14-20")))
                .isInstanceOf(PoolImport.Imported.class);
    }

    private ConfigAnswer.Assigned ask(long device, boolean acceptsProfile) {
        ConfigRequest request =
                ConfigRequest.of(KXP2, CORO, FleetFixtures.device(device)).provingIdentity();
        ConfigAnswer answer = core.answerConfig().answer(acceptsProfile ? request.acceptingProfile() : request);
        assertThat(answer).isInstanceOf(ConfigAnswer.Assigned.class);
        return (ConfigAnswer.Assigned) answer;
    }

    private void set(ProfileScope scope, ProfileSettings settings) {
        assertThat(core.manageProfiles().set(scope, settings)).isInstanceOf(ProfileChange.Saved.class);
    }

    @Test
    void theConfigAnswerCarriesTheMergedProfileAndRecordsItRedacted() {
        set(
                new ProfileScope.Product(KXP2),
                ProfileSettings.builder()
                        .timeZone(new TimeZoneName("UTC"))
                        .configLine(new ConfigLine("camera_auto_detect=0"))
                        .build());
        set(new ProfileScope.Venue(CORO), ProfileFixtures.venueLayer());
        ProfileScope.Device device = new ProfileScope.Device(FleetFixtures.serial(1));
        set(device, ProfileFixtures.staticAddress("192.168.10.14/24"));

        ConfigAnswer.Assigned a = ask(1, true);

        var profile = a.profile().orElseThrow();
        assertThat(profile.layers())
                .containsExactly(new ProfileScope.Product(KXP2), new ProfileScope.Venue(CORO), device);
        assertThat(profile.settings().timeZone()).contains(new TimeZoneName("Europe/London"));
        assertThat(profile.settings().staticIpv4()).contains(ProfileFixtures.staticIpv4("192.168.10.14/24"));
        assertThat(profile.settings().configLines())
                .extracting(ConfigLine::value)
                .containsExactly("camera_auto_detect=0", "dtoverlay=imx708");
        assertThat(profile.env())
                .containsEntry("PIDEPLOY_HOSTNAME", "KXP2-CORO-014")
                .containsEntry("PIDEPLOY_IDENTIFIER", "14")
                .containsEntry(
                        "PIDEPLOY_DEPLOYMENT_ID",
                        Long.toString(a.deployment().id().value()));
        String recorded = core.manageProfiles().applied(a.deployment().id()).orElseThrow();
        assertThat(recorded)
                .isEqualTo(profile.redacted())
                .doesNotContain(ProfileFixtures.PSK)
                .contains("static_ipv4.address=192.168.10.14/24");
    }

    @Test
    void aClientThatDoesNotApplyProfilesGetsNoneAndNoneIsRecorded() {
        set(new ProfileScope.Venue(CORO), ProfileFixtures.venueLayer());

        ConfigAnswer.Assigned a = ask(1, false);

        assertThat(a.profile()).isEmpty();
        assertThat(core.manageProfiles().applied(a.deployment().id())).isEmpty();
    }

    @Test
    void noLayerMeansNoProfile() {
        ConfigAnswer.Assigned a = ask(1, true);

        assertThat(a.profile()).isEmpty();
        assertThat(core.manageProfiles().applied(a.deployment().id())).isEmpty();
    }

    @Test
    void aSecondDeviceWithTheSameAddressIsRefusedNamingTheHolder() {
        set(new ProfileScope.Device(SerialNumber.of("aaaa0001")), ProfileFixtures.staticAddress("192.168.10.14/24"));

        ProfileChange change = core.manageProfiles()
                .set(
                        new ProfileScope.Device(SerialNumber.of("bbbb0002")),
                        ProfileFixtures.staticAddress("192.168.10.14/24"));

        assertThat(change)
                .isInstanceOfSatisfying(
                        ProfileChange.AddressTaken.class,
                        t -> assertThat(t.message())
                                .contains(
                                        "192.168.10.14 is already set for device aaaa0001", "bbbb0002 cannot have it"));
        assertThat(core.manageProfiles().find(new ProfileScope.Device(SerialNumber.of("bbbb0002"))))
                .isEmpty();
    }

    @Test
    void aLayerForAnOwnerThatDoesNotExistIsRefusedAndNothingStored() {
        ProfileChange change = core.manageProfiles()
                .set(
                        new ProfileScope.Batch(new BatchId(99)),
                        ProfileSettings.builder()
                                .env(EnvName.operator("X"), "y")
                                .build());

        assertThat(change)
                .isInstanceOfSatisfying(
                        ProfileChange.OwnerNotFound.class,
                        n -> assertThat(n.message()).contains("batch 99 does not exist"));
        assertThat(core.manageProfiles().list()).isEmpty();
    }

    @Test
    void aStaticAddressOnAVenueIsRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> core.manageProfiles()
                        .set(new ProfileScope.Venue(CORO), ProfileFixtures.staticAddress("192.168.10.14/24")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one device");
        assertThat(core.manageProfiles().list()).isEmpty();
    }

    @Test
    void previewShowsWhatAKnownDeviceWouldGet() {
        ask(1, false);
        set(new ProfileScope.Venue(CORO), ProfileFixtures.venueLayer());

        var preview = core.manageProfiles()
                .preview(FleetFixtures.serial(1), Optional.empty())
                .orElseThrow();

        assertThat(preview.env())
                .containsEntry("PIDEPLOY_HOSTNAME", "KXP2-CORO-014")
                .containsEntry("VENUE_SERVER", "https://coro.example/stream/14");
        assertThat(core.manageProfiles().preview(SerialNumber.of("ffff9999"), Optional.empty()))
                .isEmpty();
    }
}
