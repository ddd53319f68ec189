package pideploy.deploy.core.usecase;

import java.time.Duration;
import java.util.Objects;
import pideploy.deploy.core.server.ServerName;

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
 * @param abandonAfter            when present, a deployment in flight without a report for this long ends as failed
 *                                ("abandoned", ADR-0047), 1 minute to 7 days; default {@link #DEFAULT_ABANDON_AFTER}
 * @param stallAfter              a deployment in flight without a report for this long counts as stalled (flagged on
 *                                the dashboard, counted, ADR-0084), 5 seconds to 1 day; default
 *                                {@link #DEFAULT_STALL_AFTER}
 * @param serverName              the name recorded on every deployment this server answers (ADR-0098); empty: none
 */
public record CoreSettings(
        int poolNumberDigits,
        Duration bootConfirmationTimeout,
        RateLimit assignmentLimit,
        RateLimit statusLimit,
        Duration progressRetention,
        java.util.Optional<Duration> reclaimAfter,
        java.util.Optional<Duration> abandonAfter,
        Duration stallAfter,
        java.util.Optional<ServerName> serverName) {
    /** A venue of up to 1000 devices booting at once behind one address, then one a second. */
    public static final RateLimit DEFAULT_ASSIGNMENT_LIMIT = RateLimit.perMinute(1000, 60);
    /** Ten progress reports at once, then one a second (the installer reports every few seconds). */
    public static final RateLimit DEFAULT_STATUS_LIMIT = RateLimit.perMinute(10, 60);

    public static final Duration DEFAULT_PROGRESS_RETENTION = Duration.ofDays(1);
    /**
     * Thirty minutes: an installer reports every few seconds while it writes and verifies, and waits at most about
     * ten minutes for an unreachable server (ADR-0018), so half an hour of silence means it is gone.
     */
    public static final Duration DEFAULT_ABANDON_AFTER = Duration.ofMinutes(30);

    /** A minute: the installer reports every few seconds while it writes, so a minute of silence is worth a look. */
    public static final Duration DEFAULT_STALL_AFTER = Duration.ofSeconds(60);

    public static final CoreSettings DEFAULTS = new CoreSettings(
            3,
            Duration.ofMinutes(15),
            DEFAULT_ASSIGNMENT_LIMIT,
            DEFAULT_STATUS_LIMIT,
            DEFAULT_PROGRESS_RETENTION,
            java.util.Optional.empty(),
            java.util.Optional.of(DEFAULT_ABANDON_AFTER),
            DEFAULT_STALL_AFTER,
            java.util.Optional.empty());

    public CoreSettings(
            int poolNumberDigits,
            Duration bootConfirmationTimeout,
            RateLimit assignmentLimit,
            RateLimit statusLimit,
            Duration progressRetention,
            java.util.Optional<Duration> reclaimAfter,
            java.util.Optional<Duration> abandonAfter,
            Duration stallAfter) {
        this(
                poolNumberDigits,
                bootConfirmationTimeout,
                assignmentLimit,
                statusLimit,
                progressRetention,
                reclaimAfter,
                abandonAfter,
                stallAfter,
                java.util.Optional.empty());
    }

    public CoreSettings(
            int poolNumberDigits,
            Duration bootConfirmationTimeout,
            RateLimit assignmentLimit,
            RateLimit statusLimit,
            Duration progressRetention,
            java.util.Optional<Duration> reclaimAfter) {
        this(
                poolNumberDigits,
                bootConfirmationTimeout,
                assignmentLimit,
                statusLimit,
                progressRetention,
                reclaimAfter,
                java.util.Optional.of(DEFAULT_ABANDON_AFTER),
                DEFAULT_STALL_AFTER);
    }

    public CoreSettings(int poolNumberDigits, Duration bootConfirmationTimeout) {
        this(
                poolNumberDigits,
                bootConfirmationTimeout,
                DEFAULT_ASSIGNMENT_LIMIT,
                DEFAULT_STATUS_LIMIT,
                DEFAULT_PROGRESS_RETENTION,
                java.util.Optional.empty(),
                java.util.Optional.of(DEFAULT_ABANDON_AFTER),
                DEFAULT_STALL_AFTER);
    }

    public CoreSettings withAssignmentLimit(RateLimit limit) {
        return new CoreSettings(
                poolNumberDigits,
                bootConfirmationTimeout,
                limit,
                statusLimit,
                progressRetention,
                reclaimAfter,
                abandonAfter,
                stallAfter,
                serverName);
    }

    public CoreSettings withStatusLimit(RateLimit limit) {
        return new CoreSettings(
                poolNumberDigits,
                bootConfirmationTimeout,
                assignmentLimit,
                limit,
                progressRetention,
                reclaimAfter,
                abandonAfter,
                stallAfter,
                serverName);
    }

    public CoreSettings withProgressRetention(Duration retention) {
        return new CoreSettings(
                poolNumberDigits,
                bootConfirmationTimeout,
                assignmentLimit,
                statusLimit,
                retention,
                reclaimAfter,
                abandonAfter,
                stallAfter,
                serverName);
    }

    public CoreSettings withReclaimAfter(java.util.Optional<Duration> after) {
        return new CoreSettings(
                poolNumberDigits,
                bootConfirmationTimeout,
                assignmentLimit,
                statusLimit,
                progressRetention,
                after,
                abandonAfter,
                stallAfter,
                serverName);
    }

    /** The name recorded on the deployments this server answers (ADR-0098). */
    public CoreSettings withServerName(ServerName name) {
        return new CoreSettings(
                poolNumberDigits,
                bootConfirmationTimeout,
                assignmentLimit,
                statusLimit,
                progressRetention,
                reclaimAfter,
                abandonAfter,
                stallAfter,
                java.util.Optional.of(name));
    }

    /** Empty: deployments are never ended as abandoned. */
    public CoreSettings withAbandonAfter(java.util.Optional<Duration> after) {
        return new CoreSettings(
                poolNumberDigits,
                bootConfirmationTimeout,
                assignmentLimit,
                statusLimit,
                progressRetention,
                reclaimAfter,
                after,
                stallAfter,
                serverName);
    }

    public CoreSettings withStallAfter(Duration after) {
        return new CoreSettings(
                poolNumberDigits,
                bootConfirmationTimeout,
                assignmentLimit,
                statusLimit,
                progressRetention,
                reclaimAfter,
                abandonAfter,
                after,
                serverName);
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
        Objects.requireNonNull(abandonAfter, "abandonAfter");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(stallAfter, "stallAfter");
        if (stallAfter.compareTo(Duration.ofSeconds(5)) < 0 || stallAfter.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("stall time must be 5 seconds to 1 day, got " + stallAfter);
        }
        abandonAfter.ifPresent(a -> {
            if (a.compareTo(Duration.ofMinutes(1)) < 0 || a.compareTo(Duration.ofDays(7)) > 0) {
                throw new IllegalArgumentException("abandoning silent deployments needs 1 minute to 7 days, got " + a);
            }
        });
        if (progressRetention.compareTo(Duration.ofMinutes(1)) < 0
                || progressRetention.compareTo(Duration.ofDays(3650)) > 0) {
            throw new IllegalArgumentException(
                    "progress event retention must be 1 minute to 10 years, got " + progressRetention);
        }
        reclaimAfter.ifPresent(a -> {
            if (a.compareTo(Duration.ofMinutes(1)) < 0 || a.compareTo(Duration.ofDays(365)) > 0) {
                throw new IllegalArgumentException(
                        "reclaiming unfinished hostnames needs 1 minute to 365 days, got " + a);
            }
        });
        if (bootConfirmationTimeout.compareTo(Duration.ofMinutes(1)) < 0
                || bootConfirmationTimeout.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException(
                    "boot confirmation timeout must be 1 minute to 7 days, got " + bootConfirmationTimeout);
        }
    }
}
