package pideploy.deploy.core.deployment;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch's circuit breaker as stored with the batch (ADR-0058): the rule, or none when the operator turned it off;
 * why it tripped, while the batch stays paused by it; and from when it counts finished deployments, so a resumed
 * batch does not trip again at once on the failures that paused it.
 *
 * @param rule          the rule; empty: off
 * @param trippedReason why the breaker paused the batch; empty once the batch is resumed, or if it never tripped
 * @param countsFrom    only deployments finished at or after this count
 */
public record BatchBreaker(Optional<CircuitBreaker> rule, Optional<String> trippedReason, Instant countsFrom) {
    /** Off and never tripped: what a batch without breaker settings reads as. */
    public static final BatchBreaker OFF = new BatchBreaker(Optional.empty(), Optional.empty(), Instant.EPOCH);

    public BatchBreaker {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(trippedReason, "trippedReason");
        Objects.requireNonNull(countsFrom, "countsFrom");
    }

    /** A breaker with this rule that counts from {@code now}. */
    public static BatchBreaker counting(Optional<CircuitBreaker> rule, Instant now) {
        return new BatchBreaker(rule, Optional.empty(), now);
    }

    /** The same rule, tripped for {@code reason}. */
    public BatchBreaker tripped(String reason) {
        return new BatchBreaker(rule, Optional.of(reason), countsFrom);
    }

    /** The same rule, the trip forgotten, counting afresh from {@code now}: the batch was resumed. */
    public BatchBreaker resumed(Instant now) {
        return new BatchBreaker(rule, Optional.empty(), now);
    }

    /** Another rule (or off); the trip reason stays while the batch stays paused, and counting starts afresh. */
    public BatchBreaker withRule(Optional<CircuitBreaker> newRule, Instant now) {
        return new BatchBreaker(newRule, trippedReason, now);
    }
}
