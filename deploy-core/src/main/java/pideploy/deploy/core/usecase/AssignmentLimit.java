package pideploy.deploy.core.usecase;

import java.time.Duration;
import java.util.Objects;

/**
 * How many new hostnames one client address may take (ADR-0045): a bucket of {@code burst} that refills one
 * hostname every {@code refillEvery}. A device that already holds a hostname never spends from it, so retries and
 * reboots are never limited; only first assignments are.
 *
 * @param burst       new hostnames one address may take at once, 1-100000; sized for a whole venue booting behind one
 *                    NAT address
 * @param refillEvery one more hostname after this long, 1 ms to 1 day
 */
public record AssignmentLimit(int burst, Duration refillEvery) {
    /** A venue of up to 1000 devices at once behind one address, then one a second. */
    public static final AssignmentLimit DEFAULT = new AssignmentLimit(1000, Duration.ofSeconds(1));

    public AssignmentLimit {
        Objects.requireNonNull(refillEvery, "refillEvery");
        if (burst < 1 || burst > 100_000) {
            throw new IllegalArgumentException("assignment burst per address must be 1-100000, got " + burst);
        }
        if (refillEvery.toMillis() < 1 || refillEvery.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(
                    "assignment refill interval must be 1 ms to 1 day, got " + refillEvery);
        }
    }
}
