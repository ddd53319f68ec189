package pideploy.deploy.core.deployment;

import java.util.Locale;

/**
 * A deployment's status. Forward only: {@code started -> downloading -> verifying -> customizing -> success
 * -> booted} (steps may be skipped, never repeated backwards); {@code failed} from any state before
 * {@code success}; {@code booted} only after {@code success}. Repeating the current status is allowed
 * (progress updates).
 */
public enum DeploymentStatus {
    STARTED,
    DOWNLOADING,
    VERIFYING,
    CUSTOMIZING,
    SUCCESS,
    BOOTED,
    FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean canMoveTo(DeploymentStatus next) {
        if (next == this) {
            return true;
        }
        return switch (this) {
            case STARTED, DOWNLOADING, VERIFYING, CUSTOMIZING ->
                next == FAILED || (next != BOOTED && next.ordinal() > ordinal());
            case SUCCESS -> next == BOOTED;
            case BOOTED, FAILED -> false;
        };
    }

    /** True for success, booted and failed: the installer is done with it. */
    public boolean isFinished() {
        return this == SUCCESS || this == BOOTED || this == FAILED;
    }

    public static DeploymentStatus parse(String text) {
        for (DeploymentStatus s : values()) {
            if (s.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "status must be one of started, downloading, verifying, customizing, success, failed, booted; got '%s'"
                        .formatted(text));
    }
}
