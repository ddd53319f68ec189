package pideploy.deploy.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the deploy core.
 *
 * @param poolNumberDigits        pool numbers are zero-padded to this many digits in hostnames (3: 14 -> 014), 1-6
 * @param bootConfirmationTimeout a deployment in {@code success} without {@code booted} after this long is "not
 *                                confirmed", 1 minute to 7 days
 * @param assignmentLimit         new hostnames per client address (ADR-0045)
 */
public record CoreSettings(int poolNumberDigits, Duration bootConfirmationTimeout, AssignmentLimit assignmentLimit) {
    public static final CoreSettings DEFAULTS = new CoreSettings(3, Duration.ofMinutes(15), AssignmentLimit.DEFAULT);

    public CoreSettings(int poolNumberDigits, Duration bootConfirmationTimeout) {
        this(poolNumberDigits, bootConfirmationTimeout, AssignmentLimit.DEFAULT);
    }

    public CoreSettings withAssignmentLimit(AssignmentLimit limit) {
        return new CoreSettings(poolNumberDigits, bootConfirmationTimeout, limit);
    }

    public CoreSettings {
        if (poolNumberDigits < 1 || poolNumberDigits > 6) {
            throw new IllegalArgumentException("pool number digits must be 1-6, got " + poolNumberDigits);
        }
        Objects.requireNonNull(bootConfirmationTimeout, "bootConfirmationTimeout");
        Objects.requireNonNull(assignmentLimit, "assignmentLimit");
        if (bootConfirmationTimeout.compareTo(Duration.ofMinutes(1)) < 0
                || bootConfirmationTimeout.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(
                    "boot confirmation timeout must be 1 minute to 7 days, got " + bootConfirmationTimeout);
        }
    }
}
