package pideploy.deploy.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * A token bucket's shape: {@code burst} at once, then one more every {@code refillEvery}.
 *
 * @param burst       1-100000
 * @param refillEvery 1 ms to 1 day
 */
public record RateLimit(int burst, Duration refillEvery) {
    public RateLimit {
        Objects.requireNonNull(refillEvery, "refillEvery");
        if (burst < 1 || burst > 100_000) {
            throw new IllegalArgumentException("a rate limit's burst must be 1-100000, got " + burst);
        }
        if (refillEvery.toMillis() < 1 || refillEvery.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(
                    "a rate limit's refill interval must be 1 ms to 1 day, got " + refillEvery);
        }
    }

    /** {@code perMinute} tokens a minute, 1-60000, after a burst of {@code burst}. */
    public static RateLimit perMinute(int burst, int perMinute) {
        if (perMinute < 1 || perMinute > 60_000) {
            throw new IllegalArgumentException("a rate limit must allow 1-60000 a minute, got " + perMinute);
        }
        return new RateLimit(burst, Duration.ofMillis(60_000 / perMinute));
    }
}
