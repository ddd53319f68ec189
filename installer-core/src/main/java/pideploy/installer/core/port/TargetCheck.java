package pideploy.installer.core.port;

import java.util.Objects;
import java.util.Optional;

/** Whether a target may be written, from the target adapter's point of view (existence, kind, mounts, size). */
public sealed interface TargetCheck {

    /** The target may be written; {@code sizeBytes} is its usable size, {@code card} its SD identity if any. */
    record Ready(long sizeBytes, String description, Optional<CardIdentity> card) implements TargetCheck {
        public Ready {
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("sizeBytes must not be negative, was %d".formatted(sizeBytes));
            }
            Objects.requireNonNull(description, "description");
            Objects.requireNonNull(card, "card");
        }
    }

    /** The target must not be written; {@code reason} names it and says why (mounted, system disk, missing...). */
    record Refused(String reason) implements TargetCheck {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
