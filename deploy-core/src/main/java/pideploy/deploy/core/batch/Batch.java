package pideploy.deploy.core.batch;

import java.time.Instant;
import java.util.Objects;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * A batch: the next {@code count} devices without a hostname go to {@code venue} as {@code product}.
 * Higher {@code priority} wins; on ties the older batch (lower id) wins.
 *
 * @param id        store-assigned id
 * @param venue     venue the devices go to
 * @param product   product they become
 * @param count     how many devices, 1 or more
 * @param remaining how many are still to come, 0..count
 * @param priority  higher first
 * @param state     where it is in its life
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Batch(
        BatchId id,
        VenueCode venue,
        ProductCode product,
        int count,
        int remaining,
        int priority,
        BatchState state,
        Instant createdAt,
        Instant updatedAt) {
    public Batch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        validateCount(count);
        if (remaining < 0 || remaining > count) {
            throw new IllegalArgumentException("batch remaining must be 0..%d, got %d".formatted(count, remaining));
        }
    }

    /** @throws IllegalArgumentException unless 1..100000 */
    public static void validateCount(int count) {
        if (count < 1 || count > 100_000) {
            throw new IllegalArgumentException("batch count must be 1-100000, got " + count);
        }
    }

    /** This batch in {@code next} state; callers check {@link BatchState#canMoveTo} first. */
    public Batch moveTo(BatchState next, Instant now) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("batch %s cannot move from %s to %s".formatted(id, state, next));
        }
        return new Batch(id, venue, product, count, remaining, priority, next, createdAt, now);
    }

    public Batch withPriority(int newPriority, Instant now) {
        return new Batch(id, venue, product, count, remaining, newPriority, state, createdAt, now);
    }

    /** One device taken: remaining goes down, the batch completes at zero. */
    public Batch consumeOne(Instant now) {
        if (state != BatchState.ACTIVE || remaining == 0) {
            throw new IllegalStateException(
                    "batch %s is %s with %d remaining; cannot take a device".formatted(id, state, remaining));
        }
        int left = remaining - 1;
        return new Batch(
                id,
                venue,
                product,
                count,
                left,
                priority,
                left == 0 ? BatchState.COMPLETED : BatchState.ACTIVE,
                createdAt,
                now);
    }
}
