package pideploy.deploy.core.device;

import java.util.Objects;
import java.util.Optional;

/**
 * Who a device says it is. The serial is the key; the MAC is recorded and used as the key only when no
 * serial is sent. At least one of them is present.
 *
 * @param serial the serial number, if sent
 * @param mac    the MAC address, if sent
 */
public record DeviceIdentity(Optional<SerialNumber> serial, Optional<MacAddress> mac) {
    public DeviceIdentity {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(mac, "mac");
        if (serial.isEmpty() && mac.isEmpty()) {
            throw new IllegalArgumentException("device identity needs serial_number or mac_address, got neither");
        }
    }

    public static DeviceIdentity of(SerialNumber serial, MacAddress mac) {
        return new DeviceIdentity(Optional.ofNullable(serial), Optional.ofNullable(mac));
    }

    public static DeviceIdentity ofSerial(String serial) {
        return new DeviceIdentity(Optional.of(SerialNumber.of(serial)), Optional.empty());
    }

    /** For log lines: {@code serial=...} or {@code mac=...}. */
    public String describe() {
        return serial.map(s -> "serial=" + s).orElseGet(() -> "mac=" + mac.orElseThrow());
    }
}
