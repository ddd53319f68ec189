package pideploy.deploy.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pideploy.deploy.core.fixture.FleetFixtures.CORO;
import static pideploy.deploy.core.fixture.FleetFixtures.KXP2;
import static pideploy.deploy.core.fixture.FleetFixtures.T0;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.batch.BatchId;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.device.SerialNumber;
import pideploy.deploy.core.fixture.ProfileFixtures;
import pideploy.deploy.core.hostname.Hostname;

class ProfileMergeTest {
    private static final DeviceFacts FACTS = new DeviceFacts(
            Hostname.of("KXP2-CORO-014"),
            KXP2,
            CORO,
            Optional.of(SerialNumber.of("10000000abcd0014")),
            Optional.of(new DeploymentId(42)));

    private static ProfileLayer layer(ProfileScope scope, ProfileSettings s) {
        return new ProfileLayer(scope, s, T0);
    }

    @Test
    void aHigherLayerWinsEachScalarAndLeavesTheRest() {
        ProfileSettings product = ProfileSettings.builder()
                .timeZone(new TimeZoneName("UTC"))
                .locale(new LocaleName("en_GB.UTF-8"))
                .passwordLogin(true)
                .build();
        ProfileSettings venue = ProfileSettings.builder()
                .timeZone(new TimeZoneName("Europe/Madrid"))
                .build();
        ProfileSettings device = ProfileSettings.builder().passwordLogin(false).build();

        ProfileSettings merged = DeviceProfile.merge(
                        List.of(
                                layer(new ProfileScope.Product(KXP2), product),
                                layer(new ProfileScope.Venue(CORO), venue),
                                layer(new ProfileScope.Device(FACTS.serial().get()), device)),
                        FACTS)
                .settings();

        assertThat(merged.timeZone()).contains(new TimeZoneName("Europe/Madrid"));
        assertThat(merged.locale()).contains(new LocaleName("en_GB.UTF-8"));
        assertThat(merged.passwordLogin()).contains(false);
    }

    @Test
    void listsReplaceWholeAndAnEmptyListClears() {
        ProfileSettings venue = ProfileFixtures.venueLayer();
        ProfileSettings batch = ProfileSettings.builder()
                .sshKeys(List.of(ProfileFixtures.ed25519(9, "temp@hire")))
                .wifi(List.of())
                .build();

        ProfileSettings merged = batch.over(venue);

        assertThat(merged.sshKeys().orElseThrow()).containsExactly(ProfileFixtures.ed25519(9, "temp@hire"));
        assertThat(merged.wifi()).contains(List.of());
        assertThat(merged.ntp()).isEqualTo(venue.ntp());
    }

    @Test
    void configLinesAccumulateLowestFirstAndEachOnce() {
        ProfileSettings product = ProfileSettings.builder()
                .configLine(new ConfigLine("camera_auto_detect=0"))
                .configLine(new ConfigLine("dtoverlay=imx708"))
                .build();
        ProfileSettings venue = ProfileSettings.builder()
                .configLine(new ConfigLine("dtoverlay=imx708"))
                .configLine(new ConfigLine("dtparam=audio=off"))
                .build();

        assertThat(venue.over(product).configLines())
                .extracting(ConfigLine::value)
                .containsExactly("camera_auto_detect=0", "dtoverlay=imx708", "dtparam=audio=off");
    }

    @Test
    void envKeysMergeByKeyAndPlaceholdersAreFilledPerDevice() {
        ProfileSettings venue = ProfileFixtures.venueLayer();
        ProfileSettings device = ProfileSettings.builder()
                .env(EnvName.operator("CAMERA_NAME"), "pit lane {serial}")
                .build();

        DeviceProfile profile = DeviceProfile.merge(
                List.of(
                        layer(new ProfileScope.Venue(CORO), venue),
                        layer(new ProfileScope.Device(FACTS.serial().get()), device)),
                FACTS);

        assertThat(profile.env())
                .containsExactly(
                        java.util.Map.entry("PIDEPLOY_HOSTNAME", "KXP2-CORO-014"),
                        java.util.Map.entry("PIDEPLOY_VENUE", "CORO"),
                        java.util.Map.entry("PIDEPLOY_PRODUCT", "KXP2"),
                        java.util.Map.entry("PIDEPLOY_IDENTIFIER", "14"),
                        java.util.Map.entry("PIDEPLOY_DEPLOYMENT_ID", "42"),
                        java.util.Map.entry("CAMERA_NAME", "pit lane 10000000abcd0014"),
                        java.util.Map.entry("VENUE_SERVER", "https://coro.example/stream/14"));
    }

    @Test
    void aSerialHostnameKeepsItsSuffixAsIdentifier() {
        DeviceFacts facts =
                new DeviceFacts(Hostname.of("SXP1-CORO-ABCD0014"), KXP2, CORO, Optional.empty(), Optional.empty());
        assertThat(facts.identifier()).isEqualTo("ABCD0014");
    }

    @Test
    void theRecordedProfileRedactsEverySecretAndKeepsTheRest() {
        DeviceProfile profile = DeviceProfile.merge(
                List.of(
                        layer(new ProfileScope.Venue(CORO), ProfileFixtures.venueLayer()),
                        layer(new ProfileScope.Batch(new BatchId(3)), ProfileSettings.EMPTY)),
                FACTS);

        String recorded = profile.redacted();

        assertThat(recorded)
                .doesNotContain(ProfileFixtures.PSK)
                .doesNotContain("s3cret pass")
                .doesNotContain("saltsalt")
                .contains(
                        "layers=venue CORO,batch 3\n",
                        "wifi.0.psk=<redacted>\n",
                        "wifi.1.password=<redacted>\n",
                        "password_hash=<redacted>\n",
                        "wifi.0.ssid=Corona Karting\n",
                        "time_zone=Europe/London\n",
                        "device_env.VENUE_SERVER=https://coro.example/stream/14\n");
    }

    @Test
    void aRedactedLayerCannotBeStoredBack() {
        String redacted = ProfileText.encode(ProfileFixtures.venueLayer(), true);
        assertThatThrownBy(() -> ProfileText.decode(redacted)).hasMessageContaining("wifi.0.psk is <redacted>");
    }

    @Test
    void aRedactedLayerSentBackKeepsTheStoredSecretsBySsid() {
        ProfileSettings stored = ProfileFixtures.venueLayer();
        String edited = ProfileText.encode(stored, true)
                .replace("time_zone=Europe/London", "time_zone=UTC")
                .replace("wifi.0.ssid=Corona Karting", "wifi.0.ssid=Corona Karting 2");

        assertThatThrownBy(() -> ProfileText.decode(edited, Optional.of(stored)))
                .hasMessageContaining("wifi.0.psk is <redacted> and there is no stored secret");
        ProfileSettings back = ProfileText.decode(
                ProfileText.encode(stored, true).replace("time_zone=Europe/London", "time_zone=UTC"),
                Optional.of(stored));
        assertThat(back.wifi()).isEqualTo(stored.wifi());
        assertThat(back.passwordHash()).isEqualTo(stored.passwordHash());
        assertThat(back.timeZone()).contains(new TimeZoneName("UTC"));
    }

    @Test
    void theTextFormRoundTripsEverySettingIncludingNewlinesInValues() {
        ProfileSettings s = ProfileSettings.builder()
                .wifi(List.of(new WifiNetwork("50% off=yes", new WifiSecurity.Open(), true, -3)))
                .staticIpv4(ProfileFixtures.staticIpv4("192.168.10.14/24"))
                .ntp(List.of())
                .keyboard(KeyboardLayout.parse("de:nodeadkeys"))
                .env(EnvName.operator("A"), "tab\there %0A literal")
                .build();
        ProfileSettings full = s.over(ProfileFixtures.venueLayer());

        assertThat(ProfileText.decode(ProfileText.encode(full, false))).isEqualTo(full);
        assertThat(ProfileText.decode(ProfileText.encode(ProfileSettings.EMPTY, false)))
                .isEqualTo(ProfileSettings.EMPTY);
    }

    @Test
    void decodingRefusesUnknownKeysAndLinesWithoutValue() {
        assertThatThrownBy(() -> ProfileText.decode("colour=blue\n")).hasMessageContaining("unknown keys: colour");
        assertThatThrownBy(() -> ProfileText.decode("time_zone\n")).hasMessageContaining("line 1");
    }
}
