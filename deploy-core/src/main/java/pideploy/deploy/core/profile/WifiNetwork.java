package pideploy.deploy.core.profile;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Wi-Fi network a device may join.
 *
 * @param ssid     1-32 bytes of UTF-8, no control characters
 * @param security how it is joined
 * @param hidden   true when the network does not broadcast its SSID (the device probes for it)
 * @param priority higher is tried first, -999..999 (NetworkManager's autoconnect-priority)
 */
public record WifiNetwork(String ssid, WifiSecurity security, boolean hidden, int priority) {
    public WifiNetwork {
        Objects.requireNonNull(security, "security");
        if (ssid == null
                || ssid.isEmpty()
                || ssid.getBytes(StandardCharsets.UTF_8).length > 32
                || ssid.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(
                    ("wifi ssid must be 1-32 bytes of UTF-8 without control characters, " + "got '%s' (%d bytes)")
                            .formatted(ssid, ssid == null ? 0 : ssid.getBytes(StandardCharsets.UTF_8).length));
        }
        if (priority < -999 || priority > 999) {
            throw new IllegalArgumentException(
                    "wifi priority of '%s' must be -999..999, got %d".formatted(ssid, priority));
        }
    }
}
