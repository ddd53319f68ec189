package pideploy.installer.core.transfer;

import java.util.Objects;
import pideploy.installer.core.port.Step;

/** The ranged transfer failed at {@code step} (write or verify); the message says what and what to do. */
public final class TransferFailure extends RuntimeException {
    private final Step step;

    public TransferFailure(Step step, String reason) {
        super(reason, null, false, false);
        this.step = Objects.requireNonNull(step, "step");
    }

    public Step step() {
        return step;
    }
}
