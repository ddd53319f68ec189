package pideploy.deploy.server.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a delivery is tried (ADR-0085): at most {@code attempts}, waiting {@code firstDelay}
 * before the second, doubling each time up to {@code maxDelay}. Bounded, so a dead receiver costs a few minutes of one
 * virtual thread, never a queue that grows.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {
    /** 5 attempts over about a minute: 2 s, 4 s, 8 s, 16 s between them. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(30));

    public RetryPolicy {
        if (attempts < 1 || attempts > 10) {
            throw new IllegalArgumentException("webhook attempts must be 1-10, got " + attempts);
        }
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException(
                    "webhook retry delays must be 0 <= first <= max, got %s and %s".formatted(firstDelay, maxDelay));
        }
    }

    /** The wait before attempt {@code n} (2 or later). */
    public Duration delayBefore(int n) {
        Duration d = firstDelay;
        for (int i = 2; i < n && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
