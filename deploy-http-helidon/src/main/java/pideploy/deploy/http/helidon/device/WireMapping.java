package pideploy.deploy.http.helidon.device;

import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.FailureStep;
import pideploy.deploy.core.image.CustomizationMethod;
import pideploy.deploy.core.usecase.AssignedBy;

/**
 * The core's deployment types to and from the wire module's names (ADR-0037). Exhaustive switches, so a value added
 * on either side breaks the compile here until the protocol says how it is spoken.
 */
final class WireMapping {
    private WireMapping() {}

    static DeploymentStatus status(pideploy.wire.DeploymentStatus status) {
        return switch (status) {
            case STARTED -> DeploymentStatus.STARTED;
            case DOWNLOADING -> DeploymentStatus.DOWNLOADING;
            case VERIFYING -> DeploymentStatus.VERIFYING;
            case CUSTOMIZING -> DeploymentStatus.CUSTOMIZING;
            case SUCCESS -> DeploymentStatus.SUCCESS;
            case FAILED -> DeploymentStatus.FAILED;
            case BOOTED -> DeploymentStatus.BOOTED;
        };
    }

    static pideploy.wire.DeploymentStatus wire(DeploymentStatus status) {
        return switch (status) {
            case STARTED -> pideploy.wire.DeploymentStatus.STARTED;
            case DOWNLOADING -> pideploy.wire.DeploymentStatus.DOWNLOADING;
            case VERIFYING -> pideploy.wire.DeploymentStatus.VERIFYING;
            case CUSTOMIZING -> pideploy.wire.DeploymentStatus.CUSTOMIZING;
            case SUCCESS -> pideploy.wire.DeploymentStatus.SUCCESS;
            case FAILED -> pideploy.wire.DeploymentStatus.FAILED;
            case BOOTED -> pideploy.wire.DeploymentStatus.BOOTED;
        };
    }

    static FailureStep step(pideploy.wire.FailureStep step) {
        return switch (step) {
            case PREFLIGHT -> FailureStep.PREFLIGHT;
            case CONFIG -> FailureStep.CONFIG;
            case WRITE -> FailureStep.WRITE;
            case VERIFY -> FailureStep.VERIFY;
            case CUSTOMIZE -> FailureStep.CUSTOMIZE;
            case REPORT -> FailureStep.REPORT;
        };
    }

    static pideploy.wire.CustomizationMethod wire(CustomizationMethod method) {
        return switch (method) {
            case FIRSTRUN -> pideploy.wire.CustomizationMethod.FIRSTRUN;
            case CLOUD_INIT -> pideploy.wire.CustomizationMethod.CLOUD_INIT;
        };
    }

    static pideploy.wire.AssignedBy wire(AssignedBy assignedBy) {
        return switch (assignedBy) {
            case HELD -> pideploy.wire.AssignedBy.HELD;
            case BATCH -> pideploy.wire.AssignedBy.BATCH;
            case REQUEST -> pideploy.wire.AssignedBy.REQUEST;
        };
    }
}
