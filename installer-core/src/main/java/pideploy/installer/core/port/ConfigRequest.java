package pideploy.installer.core.port;

import java.util.Objects;
import java.util.Optional;

/**
 * What the installer asks the server at {@code POST /api/config}: which product and venue it was told to be, and who
 * it is. At least one of serial number and MAC address is present.
 */
public record ConfigRequest(String productType, String venueCode, Optional<String> serialNumber,
                            Optional<String> macAddress) {
    public ConfigRequest {
        Objects.requireNonNull(productType, "productType");
        Objects.requireNonNull(venueCode, "venueCode");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(macAddress, "macAddress");
        if (serialNumber.isEmpty() && macAddress.isEmpty()) {
            throw new IllegalArgumentException("a config request needs a serial number or a MAC address, got neither");
        }
    }
}
