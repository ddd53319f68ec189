package pideploy.installer.core.workflow;

import java.time.Duration;
import java.util.Objects;
import pideploy.installer.core.port.Step;

/**
 * How an installation ended. Each kind maps to one exit code of the command line (0, 3, 4, 5, 6, 7); adapters switch
 * over it exhaustively.
 */
public sealed interface InstallOutcome {

    /** The card is written, verified and (unless skipped) customized, and the server knows. */
    record Installed(
            String deploymentId,
            String hostname,
            long bytesWritten,
            Duration writeTime,
            double writeBytesPerSecond,
            boolean customized,
            boolean rebootRequested)
            implements InstallOutcome {
        public Installed {
            Objects.requireNonNull(deploymentId, "deploymentId");
            Objects.requireNonNull(hostname, "hostname");
            Objects.requireNonNull(writeTime, "writeTime");
        }
    }

    /** The target must not or cannot be written (mounted, system disk, too small, missing, no identity). */
    record Refused(String reason) implements InstallOutcome {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The server could not be reached or refused the device, at {@code step} (config or report). */
    record ServerFailed(Step step, String reason) implements InstallOutcome {
        public ServerFailed {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Streaming, writing or verifying failed; the card holds no partition table. */
    record TransferFailed(Step step, String reason) implements InstallOutcome {
        public TransferFailed {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The boot partition could not be customized; the card holds no partition table. */
    record CustomizationFailed(String reason) implements InstallOutcome {
        public CustomizationFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The run took longer than its timeout (ADR-0048); {@code step} is the one it was in. The card holds no
     * partition table, and the server was told (when there was a deployment to tell it about).
     */
    record TimedOut(Step step, String reason) implements InstallOutcome {
        public TimedOut {
            Objects.requireNonNull(step, "step");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
