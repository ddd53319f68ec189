package pideploy.deploy.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import pideploy.deploy.core.device.DeviceIdentity;
import pideploy.deploy.core.device.MacAddress;
import pideploy.deploy.core.device.SerialNumber;

class ExpectedDevicesTest {
    @Test
    void readsAPastedListOrACsvWithAHeaderTellingMacsFromSerials() {
        ExpectedDevices devices = ExpectedDevices.parse("""
                serial,mac
                10000000AAAA0001,dc:a6:32:01:02:03
                "10000000aaaa0002";
                D8-3A-DD-00-00-09  10000000aaaa0003
                """);

        assertThat(devices.serials())
                .containsExactlyInAnyOrder(
                        SerialNumber.of("10000000aaaa0001"),
                        SerialNumber.of("10000000aaaa0002"),
                        SerialNumber.of("10000000aaaa0003"));
        assertThat(devices.macs())
                .containsExactlyInAnyOrder(MacAddress.of("dc:a6:32:01:02:03"), MacAddress.of("d8:3a:dd:00:00:09"));
        assertThat(devices.size()).isEqualTo(5);
    }

    @Test
    void admitsListedSerialsOrMacsOnlyAndAnyoneWhenEmpty() {
        ExpectedDevices devices = ExpectedDevices.parse("10000000aaaa0001\ndc:a6:32:01:02:03");
        assertThat(devices.admits(
                        new DeviceIdentity(Optional.of(SerialNumber.of("10000000aaaa0001")), Optional.empty())))
                .isTrue();
        assertThat(devices.admits(new DeviceIdentity(
                        Optional.of(SerialNumber.of("10000000ffff0001")),
                        Optional.of(MacAddress.of("dc:a6:32:01:02:03")))))
                .isTrue();
        assertThat(devices.admits(new DeviceIdentity(
                        Optional.of(SerialNumber.of("10000000ffff0001")),
                        Optional.of(MacAddress.of("dc:a6:32:09:09:09")))))
                .isFalse();
        assertThat(ExpectedDevices.parse(" \n")
                        .admits(new DeviceIdentity(Optional.empty(), Optional.of(MacAddress.of("dc:a6:32:09:09:09")))))
                .isTrue();
    }

    @Test
    void namesTheLineOfAnEntryThatIsNeither() {
        assertThatThrownBy(() -> ExpectedDevices.parse("10000000aaaa0001\nnot-a-serial!"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("not-a-serial!");
    }
}
