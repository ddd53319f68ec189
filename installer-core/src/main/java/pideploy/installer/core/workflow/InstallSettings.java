package pideploy.installer.core.workflow;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import pideploy.installer.core.transfer.TransferMode;

/**
 * The installer's tunables: how to retry the server, how to stream onto the card, which transfer to take
 * ({@code transferMode}, default {@link TransferMode#AUTO}: the best form the server offers), and how long the whole
 * run may take ({@code timeout}, default none: a device waiting for its operator keeps waiting, ADR-0048).
 */
public record InstallSettings(
        RetryPolicy retry, TransferSettings transfer, TransferMode transferMode, Optional<Duration> timeout) {
    public static final InstallSettings DEFAULT = new InstallSettings(RetryPolicy.DEFAULT, TransferSettings.DEFAULT);

    public InstallSettings(RetryPolicy retry, TransferSettings transfer) {
        this(retry, transfer, TransferMode.AUTO);
    }

    public InstallSettings(RetryPolicy retry, TransferSettings transfer, TransferMode transferMode) {
        this(retry, transfer, transferMode, Optional.empty());
    }

    public InstallSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(transferMode, "transferMode");
        Objects.requireNonNull(timeout, "timeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + t);
            }
        });
    }

    /** These settings with the whole run limited to {@code limit}. */
    public InstallSettings withTimeout(Duration limit) {
        return new InstallSettings(retry, transfer, transferMode, Optional.of(limit));
    }
}
