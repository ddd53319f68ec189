package pideploy.deploy.core.usecase;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Token buckets by key (a client address, a deployment), each of {@code burst} tokens refilling one every
 * {@code refillEvery}; in memory (a restart refills them all, which only ever lets more through). Thread-safe;
 * callers already hold the store's write lock, so contention is nil. Buckets that have refilled completely are
 * forgotten, so keys that stopped asking cost nothing.
 */
final class TokenBuckets {
    private record Bucket(double tokens, Instant at) {}

    private final RateLimit limit;
    private final Map<String, Bucket> buckets = new HashMap<>();

    TokenBuckets(RateLimit limit) {
        this.limit = limit;
    }

    /** Takes one token for {@code address}; empty when granted, else how long until one is available. */
    synchronized java.util.Optional<Duration> take(String address, Instant now) {
        if (buckets.size() > 10_000) {
            buckets.values().removeIf(b -> refilled(b, now) >= limit.burst());
        }
        Bucket b = buckets.get(address);
        double tokens = b == null ? limit.burst() : refilled(b, now);
        if (tokens < 1) {
            long wait = (long) Math.ceil((1 - tokens) * limit.refillEvery().toNanos());
            buckets.put(address, new Bucket(tokens, now));
            return java.util.Optional.of(Duration.ofNanos(wait));
        }
        buckets.put(address, new Bucket(tokens - 1, now));
        return java.util.Optional.empty();
    }

    /** Gives back a token taken for a transaction that did not commit. */
    synchronized void giveBack(String address, Instant now) {
        Bucket b = buckets.get(address);
        if (b != null) {
            buckets.put(address, new Bucket(Math.min(limit.burst(), refilled(b, now) + 1), now));
        }
    }

    private double refilled(Bucket b, Instant now) {
        long elapsed = Math.max(0, Duration.between(b.at(), now).toNanos());
        return Math.min(
                limit.burst(),
                b.tokens() + (double) elapsed / limit.refillEvery().toNanos());
    }
}
