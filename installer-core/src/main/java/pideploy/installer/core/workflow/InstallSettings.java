package pideploy.installer.core.workflow;

import java.util.Objects;

/** The installer's tunables: how to retry the server and how to stream onto the card. */
public record InstallSettings(RetryPolicy retry, TransferSettings transfer) {
    public static final InstallSettings DEFAULT = new InstallSettings(RetryPolicy.DEFAULT, TransferSettings.DEFAULT);

    public InstallSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(transfer, "transfer");
    }
}
