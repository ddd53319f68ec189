package pideploy.installer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void aBareIpMeansTheDeviceApiPort() {
        assertThat(ServerAddress.parse("10.42.0.1").base()).isEqualTo(URI.create("http://10.42.0.1:5001"));
    }

    @Test
    void aHostWithPortKeepsItsPort() {
        assertThat(ServerAddress.parse("deploy.local:8080").base()).isEqualTo(URI.create("http://deploy.local:8080"));
    }

    @Test
    void aBareIpv6AddressIsBracketed() {
        assertThat(ServerAddress.parse("fd00::1").base()).isEqualTo(URI.create("http://[fd00::1]:5001"));
    }

    @Test
    void aUrlIsTakenAsItIsWithoutItsTrailingSlash() {
        ServerAddress address = ServerAddress.parse("http://127.0.0.1:43123/");

        assertThat(address.base()).isEqualTo(URI.create("http://127.0.0.1:43123"));
        assertThat(address.statusUrl()).isEqualTo("http://127.0.0.1:43123/api/status");
        assertThat(address.resolve("/images/a.img")).isEqualTo(URI.create("http://127.0.0.1:43123/images/a.img"));
        assertThat(address.resolve("http://10.0.0.9:5001/images/a.img"))
                .isEqualTo(URI.create("http://10.0.0.9:5001/images/a.img"));
    }

    @Test
    void rejectsWhatIsNeitherIpNorHttpUrl() {
        assertThatThrownBy(() -> ServerAddress.parse("ftp://10.0.0.1/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ftp://10.0.0.1/");
        assertThatThrownBy(() -> ServerAddress.parse(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--server");
    }
}
