package pideploy.installer.core.customize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pideploy.installer.core.port.DeviceProfile;

class ProfileScriptTest {
    private static final FirstBootIdentity ID =
            new FirstBootIdentity("KXP2-CORO-014", "42", "10000000abcdef01", "http://10.42.0.1:5001/api/status");

    @Test
    void writesOneKeyfilePerNetworkWithTheStaticAddressOnWifi() {
        List<ProfileScript.Connection> c = ProfileScript.connections(Profiles.venue(Profiles.address()));

        assertThat(c).extracting(ProfileScript.Connection::name).containsExactly("pideploy-wifi-0", "pideploy-wifi-1");
        assertThat(c.get(0).keyfile())
                .contains(
                        "type=wifi\n",
                        "autoconnect-priority=10\n",
                        "ssid=Corona Karting\n",
                        "key-mgmt=wpa-psk\n",
                        "psk=\\sleading space \\\\ 'q'\n",
                        "method=manual\n",
                        "address1=192.168.10.14/24,192.168.10.1\n",
                        "dns=192.168.10.1;9.9.9.9;\n")
                .doesNotContain("hidden");
        assertThat(c.get(1).keyfile())
                .contains(
                        "hidden=true\n",
                        "key-mgmt=wpa-eap\n",
                        "eap=peap;\n",
                        "identity=cam01\n",
                        "password=s3cret pass\n",
                        "phase2-auth=mschapv2\n");
    }

    @Test
    void anSsidThatIsNotPlainIsWrittenAsItsBytes() {
        assertThat(ProfileScript.ssid("O'Neil")).isEqualTo("79;39;78;101;105;108;");
        assertThat(ProfileScript.ssid("café")).isEqualTo("99;97;102;195;169;");
        assertThat(ProfileScript.ssid("Corona Karting")).isEqualTo("Corona Karting");
    }

    @Test
    void withoutWifiTheStaticAddressGoesOnAWiredConnection() {
        DeviceProfile p = new DeviceProfile(
                Optional.empty(),
                List.of(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Profiles.address(),
                List.of(),
                List.of());

        assertThat(ProfileScript.connections(p)).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("pideploy-wired");
            assertThat(c.keyfile()).contains("type=ethernet\n", "interface-name=eth0\n", "method=manual\n");
        });
    }

    @Test
    void deviceEnvQuotesEveryCharacterShAndSystemdWouldInterpret() {
        assertThat(ProfileScript.deviceEnv(Profiles.venue(Optional.empty()), ID))
                .contains("PIDEPLOY_HOSTNAME=\"KXP2-CORO-014\"\n")
                .contains("CAMERA_NAME=\"it's \\\"\\$HOME\\\" \\`id\\` \\\\ 100% {x}\"\n");
    }

    @Test
    void nothingIsRenderedForNoProfile() {
        assertThat(ProfileScript.render(DeviceProfile.NONE, ID)).isEmpty();
        assertThat(new String(FirstRunScript.render(ID, BootMount.bookworm(), DeviceProfile.NONE)))
                .isEqualTo(new String(FirstRunScript.render(ID)));
    }

    @Test
    void theCmdlineGetsOneRegulatoryDomainAndConfigTxtTheLinesUnderAll() {
        assertThat(ProfileScript.withRegulatoryDomain(
                        "console=tty1 cfg80211.ieee80211_regdom=US quiet\n", Optional.of("GB")))
                .isEqualTo("console=tty1 quiet cfg80211.ieee80211_regdom=GB\n");
        assertThat(ProfileScript.withRegulatoryDomain("quiet", Optional.empty()))
                .isEqualTo("quiet");
        assertThat(ProfileScript.withConfigLines("arm_64bit=1\n[pi5]\nx=1", List.of("dtoverlay=imx708")))
                .isEqualTo(
                        "arm_64bit=1\n[pi5]\nx=1\n\n# Added by PiDeploy (device profile)\n[all]\ndtoverlay=imx708\n");
    }

    @Test
    void refusesValuesThatWouldBreakTheScriptNamingTheField() {
        assertThatThrownBy(() -> new DeviceProfile.Wifi("a\nb", "psk", "12345678", "", false, 0))
                .hasMessageContaining("wifi ssid");
        assertThatThrownBy(() -> new DeviceProfile.EnvEntry("lower", "x")).hasMessageContaining("device_env name");
        assertThatThrownBy(() -> new DeviceProfile.StaticIpv4("192.168.1.1; reboot", 24, "192.168.1.2", List.of()))
                .hasMessageContaining("static_ipv4 address");
    }
}
