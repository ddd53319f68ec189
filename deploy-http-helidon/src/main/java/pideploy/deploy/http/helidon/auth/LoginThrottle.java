package pideploy.deploy.http.helidon.auth;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing on two budgets (ADR-0043). Per user and client address, the first few failures are
 * free, then each further one doubles a waiting time (capped). Per client address, whatever the usernames, a larger
 * number of failures within a quarter of an hour is free, then the same doubling applies to every login from that
 * address. While either waits, attempts are refused without checking the password. Nothing is keyed by the account
 * alone, so an attacker cannot lock the real operator out from another address.
 */
public final class LoginThrottle {
    private static final int FREE_FAILURES = 3;
    private static final int FREE_ADDRESS_FAILURES = 10;
    private static final Duration ADDRESS_WINDOW = Duration.ofMinutes(15);
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant blockedUntil, Instant last) {}

    private final ConcurrentHashMap<String, Failures> pairs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Failures> addresses = new ConcurrentHashMap<>();
    private final InstantSource clock;

    public LoginThrottle(InstantSource clock) {
        this.clock = clock;
    }

    /** How long this pair must still wait, or empty when an attempt may be checked now. */
    public Optional<Duration> waitFor(String username, String address) {
        Instant now = clock.instant();
        Duration pair = left(pairs.get(key(username, address)), now);
        Duration any = left(addresses.get(address), now);
        Duration longer = pair.compareTo(any) >= 0 ? pair : any;
        return longer.isZero() ? Optional.empty() : Optional.of(longer);
    }

    /** Whether the address itself (not only one username from it) has used up its budget. */
    public boolean addressBlocked(String address) {
        return !left(addresses.get(address), clock.instant()).isZero();
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        prune(pairs, now);
        prune(addresses, now);
        pairs.compute(key(username, address), (k, old) -> next(old, FREE_FAILURES, now));
        addresses.compute(
                address,
                (k, old) -> next(
                        old != null && old.last().plus(ADDRESS_WINDOW).isBefore(now) ? null : old,
                        FREE_ADDRESS_FAILURES,
                        now));
    }

    /** Clears the pair only: one right password does not refill the address's budget for other usernames. */
    public void succeeded(String username, String address) {
        pairs.remove(key(username, address));
    }

    private static Failures next(Failures old, int free, Instant now) {
        int count = old == null ? 1 : old.count() + 1;
        Duration wait = count <= free ? Duration.ZERO : Duration.ofSeconds(1L << Math.min(count - free - 1, 16));
        if (wait.compareTo(MAX_WAIT) > 0) {
            wait = MAX_WAIT;
        }
        return new Failures(count, now.plus(wait), now);
    }

    private static Duration left(Failures f, Instant now) {
        if (f == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, f.blockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static void prune(ConcurrentHashMap<String, Failures> map, Instant now) {
        if (map.size() > MAX_TRACKED) {
            map.values()
                    .removeIf(f -> f.last().plus(ADDRESS_WINDOW).isBefore(now)
                            && f.blockedUntil().isBefore(now));
        }
    }

    private static String key(String username, String address) {
        return username.toLowerCase(Locale.ROOT) + "\u0000" + address;
    }
}
