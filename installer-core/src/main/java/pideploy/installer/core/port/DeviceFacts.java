package pideploy.installer.core.port;

import java.util.Objects;
import java.util.Optional;

/** Who this device is: its serial number (the key on the server) and MAC address (the fallback key). */
public record DeviceFacts(Optional<String> serialNumber, Optional<String> macAddress) {
    public DeviceFacts {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(macAddress, "macAddress");
    }

    /** These facts with each present override replacing the detected value. */
    public DeviceFacts overriddenBy(Optional<String> serial, Optional<String> mac) {
        return new DeviceFacts(serial.or(() -> serialNumber), mac.or(() -> macAddress));
    }
}
