package pideploy.installer.core.workflow;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How the installer retries the server: exponential backoff from {@code initialDelay}, doubling up to
 * {@code maxDelay}, with jitter, for at most {@code maxAttempts} attempts per request; a {@code POOL_EXHAUSTED}
 * answer waits {@code poolExhaustedDelay} (also jittered) and is asked again up to {@code maxPoolWaits} times.
 */
public record RetryPolicy(
        Duration initialDelay, Duration maxDelay, int maxAttempts, Duration poolExhaustedDelay, int maxPoolWaits) {

    /** Defaults for a Pi in the field: about 10 minutes of retries, an hour of waiting for the pool. */
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 25, Duration.ofSeconds(30), 120);

    public RetryPolicy {
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(poolExhaustedDelay, "poolExhaustedDelay");
        if (initialDelay.isNegative() || initialDelay.isZero()) {
            throw new IllegalArgumentException("initialDelay must be positive, was " + initialDelay);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException(
                    "maxDelay must be at least initialDelay (%s), was %s".formatted(initialDelay, maxDelay));
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (poolExhaustedDelay.isNegative()) {
            throw new IllegalArgumentException("poolExhaustedDelay must not be negative, was " + poolExhaustedDelay);
        }
        if (maxPoolWaits < 0) {
            throw new IllegalArgumentException("maxPoolWaits must not be negative, was " + maxPoolWaits);
        }
    }

    /**
     * The wait after failed attempt {@code attempt} (1-based): the exponential delay, half of it fixed and half
     * random ("equal jitter"), so a fleet that booted together spreads its retries without ever retrying at once.
     */
    public Duration backoff(int attempt, RandomGenerator random) {
        long initial = initialDelay.toMillis();
        long cap = maxDelay.toMillis();
        int doublings = Math.min(Math.max(attempt - 1, 0), 30);
        long delay = Math.min(cap, initial << doublings);
        return Duration.ofMillis(jitter(delay, random));
    }

    /** The wait before asking again after {@code POOL_EXHAUSTED}, jittered the same way. */
    public Duration poolWait(RandomGenerator random) {
        return Duration.ofMillis(jitter(poolExhaustedDelay.toMillis(), random));
    }

    private static long jitter(long delayMillis, RandomGenerator random) {
        long half = delayMillis / 2;
        return delayMillis - half + (half > 0 ? random.nextLong(half + 1) : 0);
    }
}
