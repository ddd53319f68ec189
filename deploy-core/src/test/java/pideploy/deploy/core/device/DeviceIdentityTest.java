package pideploy.deploy.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeviceIdentityTest {
    @Test
    void normalisesMacAddresses() {
        assertThat(MacAddress.of("DC-A6-32-01-02-03").value()).isEqualTo("dc:a6:32:01:02:03");
        assertThat(MacAddress.of("dca632010203")).isEqualTo(MacAddress.of("dc:a6:32:01:02:03"));
        assertThatThrownBy(() -> MacAddress.of("dc:a6:32:01:02")).hasMessageContaining("MAC address");
    }

    @Test
    void normalisesSerialsAndTakesTheLastEightForHostnames() {
        SerialNumber s = SerialNumber.of(" 10000000C9C3B1A7F ");
        assertThat(s.value()).isEqualTo("10000000c9c3b1a7f");
        assertThat(s.hostnameSuffix()).isEqualTo("9C3B1A7F");
        assertThat(SerialNumber.of("abcd").hostnameSuffix()).isEqualTo("ABCD");
        assertThatThrownBy(() -> SerialNumber.of("12 34")).hasMessageContaining("serial number");
    }

    @Test
    void needsASerialOrAMac() {
        assertThatThrownBy(() -> new DeviceIdentity(Optional.empty(), Optional.empty()))
                .hasMessageContaining("serial_number or mac_address");
        assertThat(DeviceIdentity.of(null, MacAddress.of("dca632010203")).describe())
                .isEqualTo("mac=dc:a6:32:01:02:03");
    }
}
