package pideploy.deploy.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the deploy core.
 *
 * @param poolNumberDigits        pool numbers are zero-padded to this many digits in hostnames (3: 14 -> 014), 1-6
 * @param bootConfirmationTimeout a deployment in {@code success} without {@code booted} after this long is "not
 *                                confirmed", 1 minute to 7 days
 * @param assignmentLimit         new hostnames per client address (ADR-0045); a device that holds one never spends
 *                                from it
 * @param statusLimit             progress reports kept per deployment (ADR-0045); status changes always are
 * @param progressRetention       how long progress events of a deployment that ended well are kept before thinning,
 *                                1 minute to 10 years
 * @param reclaimAfter            when present, a pool hostname whose deployment has not reached success after this
 *                                long goes back to the pool, 1 minute to 365 days; absent (the default): never
 */
public record CoreSettings(int poolNumberDigits, Duration bootConfirmationTimeout, RateLimit assignmentLimit,
        RateLimit statusLimit, Duration progressRetention, java.util.Optional<Duration> reclaimAfter) {
    /** A venue of up to 1000 devices booting at once behind one address, then one a second. */
    public static final RateLimit DEFAULT_ASSIGNMENT_LIMIT = RateLimit.perMinute(1000, 60);
    /** Ten progress reports at once, then one a second (the installer reports every few seconds). */
    public static final RateLimit DEFAULT_STATUS_LIMIT = RateLimit.perMinute(10, 60);
    public static final Duration DEFAULT_PROGRESS_RETENTION = Duration.ofDays(1);
    public static final CoreSettings DEFAULTS = new CoreSettings(3, Duration.ofMinutes(15), DEFAULT_ASSIGNMENT_LIMIT,
            DEFAULT_STATUS_LIMIT, DEFAULT_PROGRESS_RETENTION, java.util.Optional.empty());

    public CoreSettings(int poolNumberDigits, Duration bootConfirmationTimeout) {
        this(poolNumberDigits, bootConfirmationTimeout, DEFAULT_ASSIGNMENT_LIMIT, DEFAULT_STATUS_LIMIT,
                DEFAULT_PROGRESS_RETENTION, java.util.Optional.empty());
    }

    public CoreSettings withAssignmentLimit(RateLimit limit) {
        return new CoreSettings(poolNumberDigits, bootConfirmationTimeout, limit, statusLimit, progressRetention,
                reclaimAfter);
    }

    public CoreSettings withStatusLimit(RateLimit limit) {
        return new CoreSettings(poolNumberDigits, bootConfirmationTimeout, assignmentLimit, limit, progressRetention,
                reclaimAfter);
    }

    public CoreSettings withProgressRetention(Duration retention) {
        return new CoreSettings(poolNumberDigits, bootConfirmationTimeout, assignmentLimit, statusLimit, retention,
                reclaimAfter);
    }

    public CoreSettings withReclaimAfter(java.util.Optional<Duration> after) {
        return new CoreSettings(poolNumberDigits, bootConfirmationTimeout, assignmentLimit, statusLimit,
                progressRetention, after);
    }

    public CoreSettings {
        if (poolNumberDigits < 1 || poolNumberDigits > 6) {
            throw new IllegalArgumentException("pool number digits must be 1-6, got " + poolNumberDigits);
        }
        Objects.requireNonNull(bootConfirmationTimeout, "bootConfirmationTimeout");
        Objects.requireNonNull(assignmentLimit, "assignmentLimit");
        Objects.requireNonNull(statusLimit, "statusLimit");
        Objects.requireNonNull(progressRetention, "progressRetention");
        Objects.requireNonNull(reclaimAfter, "reclaimAfter");
        if (progressRetention.compareTo(Duration.ofMinutes(1)) < 0
                || progressRetention.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException("progress event retention must be 1 minute to 10 years, got "
                    + progressRetention);
        }
        reclaimAfter.ifPresent(a -> {
            if (a.compareTo(Duration.ofMinutes(1)) < 0 || a.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException("reclaiming unfinished hostnames needs 1 minute to 365 days, got "
                        + a);
            }
        });
        if (bootConfirmationTimeout.compareTo(Duration.ofMinutes(1)) < 0
                || bootConfirmationTimeout.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(
                    "boot confirmation timeout must be 1 minute to 7 days, got " + bootConfirmationTimeout);
        }
    }
}
