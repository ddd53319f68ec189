package pideploy.installer.core.workflow;

import java.util.Objects;

import pideploy.installer.core.transfer.TransferMode;

/**
 * The installer's tunables: how to retry the server, how to stream onto the card, and which transfer to take
 * ({@code transferMode}, default {@link TransferMode#AUTO}: the best form the server offers).
 */
public record InstallSettings(RetryPolicy retry, TransferSettings transfer, TransferMode transferMode) {
    public static final InstallSettings DEFAULT = new InstallSettings(RetryPolicy.DEFAULT, TransferSettings.DEFAULT);

    public InstallSettings(RetryPolicy retry, TransferSettings transfer) {
        this(retry, transfer, TransferMode.AUTO);
    }

    public InstallSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(transfer, "transfer");
        Objects.requireNonNull(transferMode, "transferMode");
    }
}
