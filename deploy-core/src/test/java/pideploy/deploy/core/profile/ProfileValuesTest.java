package pideploy.deploy.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.fixture.ProfileFixtures;

class ProfileValuesTest {
    @Test
    void refusesAPskOfSevenCharactersNamingTheLength() {
        assertThatThrownBy(() -> new WifiSecurity.Psk("1234567"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8-63")
                .hasMessageContaining("7 characters");
    }

    @Test
    void takesA63CharacterPassphraseAnd64HexDigitsButNot64OtherCharacters() {
        assertThat(new WifiSecurity.Psk("a".repeat(63)).psk()).hasSize(63);
        assertThat(new WifiSecurity.Psk("0123456789abcdef".repeat(4)).psk()).hasSize(64);
        assertThatThrownBy(() -> new WifiSecurity.Psk("g".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void neverShowsAPskOrPasswordInToString() {
        assertThat(new WifiSecurity.Psk("correct horse").toString())
                .doesNotContain("horse")
                .contains("<redacted>");
        assertThat(new WifiSecurity.Eap("cam", "pa55word").toString()).doesNotContain("pa55word");
        assertThat(new PasswordHash(ProfileFixtures.HASH).toString()).doesNotContain("saltsalt");
    }

    @Test
    void refusesAnSsidOver32BytesCountingUtf8() {
        assertThat(new WifiNetwork("é".repeat(16), new WifiSecurity.Open(), false, 0).ssid())
                .hasSize(16);
        assertThatThrownBy(() -> new WifiNetwork("é".repeat(17), new WifiSecurity.Open(), false, 0))
                .hasMessageContaining("1-32 bytes")
                .hasMessageContaining("34 bytes");
        assertThatThrownBy(() -> new WifiNetwork("", new WifiSecurity.Open(), false, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnUnknownTimeZoneAndAFixedOffset() {
        assertThat(new TimeZoneName(" Europe/London ").value()).isEqualTo("Europe/London");
        assertThatThrownBy(() -> new TimeZoneName("Europe/Londn"))
                .hasMessageContaining("'Europe/Londn'")
                .hasMessageContaining("tz database");
        assertThatThrownBy(() -> new TimeZoneName("+02:00")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesEnvKeysThatAreNoShellNamesOrUsePiDeploysPrefix() {
        assertThat(EnvName.operator("VENUE_SERVER").value()).isEqualTo("VENUE_SERVER");
        assertThatThrownBy(() -> EnvName.operator("venue-server")).hasMessageContaining("'venue-server'");
        assertThatThrownBy(() -> EnvName.operator("1ST")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EnvName.operator("PIDEPLOY_HOSTNAME")).hasMessageContaining("PiDeploy's own");
    }

    @Test
    void refusesAnUnknownPlaceholderAndAValueOverTwoLines() {
        assertThatThrownBy(() -> ProfileSettings.builder()
                        .env(EnvName.operator("URL"), "x/{kart}")
                        .build())
                .hasMessageContaining("{kart}")
                .hasMessageContaining("{identifier}");
        assertThatThrownBy(() -> ProfileSettings.builder()
                        .env(EnvName.operator("URL"), "a\nB=c")
                        .build())
                .hasMessageContaining("one line");
    }

    @Test
    void refusesAGatewayOutsideThePrefixAndTheNetworkAddress() {
        assertThat(ProfileFixtures.staticIpv4("192.168.10.14/24").cidr()).isEqualTo("192.168.10.14/24");
        assertThatThrownBy(() -> ProfileText.staticIpv4("192.168.10.14/24", "192.168.11.1", ""))
                .hasMessageContaining("gateway 192.168.11.1 is outside 192.168.10.14/24");
        assertThatThrownBy(() -> ProfileText.staticIpv4("192.168.10.0/24", "192.168.10.1", ""))
                .hasMessageContaining("network or broadcast");
        assertThatThrownBy(() -> ProfileText.staticIpv4("192.168.010.14/24", "192.168.10.1", ""))
                .hasMessageContaining("IPv4 address");
        assertThatThrownBy(() -> ProfileText.staticIpv4("192.168.10.14", "192.168.10.1", ""))
                .hasMessageContaining("address/prefix");
    }

    @Test
    void refusesKeysOfUnknownTypesOptionsAndBodiesOfAnotherType() {
        AuthorizedKey key = ProfileFixtures.ed25519(7, "carol@laptop");
        assertThat(key.line()).startsWith("ssh-ed25519 AAAA").endsWith(" carol@laptop");
        assertThatThrownBy(() -> new AuthorizedKey("command=\"x\" " + key.line()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthorizedKey(key.line().replace("ssh-ed25519", "ssh-rsa")))
                .hasMessageContaining("does not hold a ssh-rsa key");
        assertThatThrownBy(() -> new AuthorizedKey("ssh-ed25519 AAAA\nssh-rsa AAAA"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAPlainPasswordAsHash() {
        assertThatThrownBy(() -> new PasswordHash("raspberry")).hasMessageContaining("plain password is refused");
    }

    @Test
    void refusesTheSameSsidTwiceAndStaticAddressesOffADevice() {
        WifiNetwork n = new WifiNetwork("x", new WifiSecurity.Open(), false, 0);
        assertThatThrownBy(() -> ProfileSettings.builder().wifi(List.of(n, n)).build())
                .hasMessageContaining("'x' is listed twice");
        assertThatThrownBy(() -> new ProfileScope.Venue(pideploy.deploy.core.venue.VenueCode.of("CORO"))
                        .admit(ProfileFixtures.staticAddress("10.1.2.3/24")))
                .hasMessageContaining("by its serial");
    }

    @Test
    void refusesConfigLinesThatAreNoSettingsAndBadLocalesAndKeyboards() {
        assertThat(new ConfigLine(" [pi5] ").value()).isEqualTo("[pi5]");
        assertThatThrownBy(() -> new ConfigLine("# comment")).hasMessageContaining("config.txt line");
        assertThatThrownBy(() -> new LocaleName("english")).hasMessageContaining("en_GB.UTF-8");
        assertThat(new LocaleName("de_DE").value()).isEqualTo("de_DE.UTF-8");
        assertThat(KeyboardLayout.parse("de:nodeadkeys").variant()).isEqualTo("nodeadkeys");
        assertThatThrownBy(() -> KeyboardLayout.parse("GB;rm")).hasMessageContaining("XKB");
    }
}
