package pideploy.installer.core.port;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What the installer asks the server at {@code POST /api/config}: which product and venue it was told to be, and who
 * it is, and how large the card it would write is (so the server refuses a card too small for the image before it hands
 * out a hostname, ADR-0047). At least one of serial number and MAC address is present.
 */
public record ConfigRequest(
        String productType,
        String venueCode,
        Optional<String> serialNumber,
        Optional<String> macAddress,
        OptionalLong cardSizeBytes) {
    /** A request that does not say how large the card is. */
    public ConfigRequest(
            String productType, String venueCode, Optional<String> serialNumber, Optional<String> macAddress) {
        this(productType, venueCode, serialNumber, macAddress, OptionalLong.empty());
    }

    public ConfigRequest {
        Objects.requireNonNull(cardSizeBytes, "cardSizeBytes");
        Objects.requireNonNull(productType, "productType");
        Objects.requireNonNull(venueCode, "venueCode");
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(macAddress, "macAddress");
        if (serialNumber.isEmpty() && macAddress.isEmpty()) {
            throw new IllegalArgumentException("a config request needs a serial number or a MAC address, got neither");
        }
    }
}
