package pideploy.deploy.core.batch;

import java.util.Locale;
import java.util.Set;

/**
 * Batch states: {@code pending -> active <-> paused}, {@code active -> completed} (remaining reaches 0),
 * {@code pending|active|paused -> cancelled}.
 */
public enum BatchState {
    PENDING,
    ACTIVE,
    PAUSED,
    COMPLETED,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean canMoveTo(BatchState next) {
        return switch (this) {
            case PENDING -> Set.of(ACTIVE, CANCELLED).contains(next);
            case ACTIVE -> Set.of(PAUSED, COMPLETED, CANCELLED).contains(next);
            case PAUSED -> Set.of(ACTIVE, CANCELLED).contains(next);
            case COMPLETED, CANCELLED -> false;
        };
    }

    public static BatchState parse(String text) {
        for (BatchState s : values()) {
            if (s.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "batch state must be pending, active, paused, completed or cancelled, got '%s'".formatted(text));
    }
}
