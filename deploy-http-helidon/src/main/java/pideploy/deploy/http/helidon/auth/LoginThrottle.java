package pideploy.deploy.http.helidon.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing per user and client address: the first few failures are free, then each further one
 * doubles a waiting time (capped), during which attempts for that pair are refused without checking the password.
 * Keyed by the pair so that one attacker cannot lock a real operator out from another address.
 */
public final class LoginThrottle {
    private static final int FREE_FAILURES = 3;
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant blockedUntil) {}

    private final ConcurrentHashMap<String, Failures> failures = new ConcurrentHashMap<>();
    private final InstantSource clock;

    public LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** How long this pair must still wait, or empty when an attempt may be checked now. */
    public Optional<Duration> waitFor(String username, String address) {
        Failures f = failures.get(key(username, address));
        if (f == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.blockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(String username, String address) {
        if (failures.size() > MAX_TRACKED) {
            Instant now = clock.instant();
            failures.values().removeIf(f -> f.blockedUntil().isBefore(now.minus(MAX_WAIT)));
        }
        failures.compute(key(username, address), (k, old) -> {
            int count = old == null ? 1 : old.count() + 1;
            Duration wait = count <= FREE_FAILURES ? Duration.ZERO
                    : Duration.ofSeconds(1L << Math.min(count - FREE_FAILURES - 1, 16));
            if (wait.compareTo(MAX_WAIT) > 0) {
                wait = MAX_WAIT;
            }
            return new Failures(count, clock.instant().plus(wait));
        });
    }

    public void succeeded(String username, String address) {
        failures.remove(key(username, address));
    }

    private static String key(String username, String address) {
        return username.toLowerCase(java.util.Locale.ROOT) + "\u0000" + address;
    }
}
