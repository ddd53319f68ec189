package pideploy.installer.core.port;

import java.util.Locale;

/**
 * Statuses the installer reports. The server only lets them move forward
 * ({@code started → downloading → verifying → customizing → success}); {@code failed} is allowed from any state
 * before success. {@code booted} is sent by the first-boot script on the device, never by the installer.
 */
public enum DeploymentStatus {
    STARTED,
    DOWNLOADING,
    VERIFYING,
    CUSTOMIZING,
    SUCCESS,
    FAILED;

    /** Lower-case name used on the wire, e.g. {@code downloading}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
