package pideploy.installer.core.workflow;

import java.util.Objects;
import java.util.Optional;

/**
 * One run of the installer: which product and venue the device should become, optional overrides of its detected
 * identity (simulation and test rigs), the server's status URL the first boot phones home to, and whether to
 * customize the boot partition and reboot at the end.
 */
public record InstallRequest(
        String productType,
        String venueCode,
        Optional<String> serialOverride,
        Optional<String> macOverride,
        String statusUrl,
        boolean customize,
        boolean reboot) {
    public InstallRequest {
        if (productType == null || productType.isBlank()) {
            throw new IllegalArgumentException("product must be given, was '%s'".formatted(productType));
        }
        if (venueCode == null || venueCode.isBlank()) {
            throw new IllegalArgumentException("venue must be given, was '%s'".formatted(venueCode));
        }
        Objects.requireNonNull(serialOverride, "serialOverride");
        Objects.requireNonNull(macOverride, "macOverride");
        Objects.requireNonNull(statusUrl, "statusUrl");
    }
}
