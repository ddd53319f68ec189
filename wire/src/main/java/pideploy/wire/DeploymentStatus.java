package pideploy.wire;

import java.util.Locale;

/**
 * The {@code status} of {@code POST /api/status} and of its answer. The installer sends {@code started} to
 * {@code success} or {@code failed}; {@code booted} comes from the first-boot script on the device. Which moves are
 * allowed is the server's business, not the wire's.
 */
public enum DeploymentStatus {
    STARTED,
    DOWNLOADING,
    VERIFYING,
    CUSTOMIZING,
    SUCCESS,
    FAILED,
    BOOTED;

    /** The lower-case name on the wire, e.g. {@code downloading}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The status with this wire name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the allowed values, for anything else (also {@code null})
     */
    public static DeploymentStatus parse(String text) {
        return WireNames.parse(DeploymentStatus.class, DeploymentStatus::wireName, "status", text);
    }
}
