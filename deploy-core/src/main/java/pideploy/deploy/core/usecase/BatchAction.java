package pideploy.deploy.core.usecase;

import java.util.Locale;
import pideploy.deploy.core.batch.BatchState;

/** What an operator does to a batch. */
public enum BatchAction {
    START(BatchState.ACTIVE),
    PAUSE(BatchState.PAUSED),
    CANCEL(BatchState.CANCELLED);

    private final BatchState target;

    BatchAction(BatchState target) {
        this.target = target;
    }

    public BatchState target() {
        return target;
    }

    public static BatchAction parse(String text) {
        for (BatchAction a : values()) {
            if (a.name().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return a;
            }
        }
        throw new IllegalArgumentException("batch action must be start, pause or cancel, got '%s'".formatted(text));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
