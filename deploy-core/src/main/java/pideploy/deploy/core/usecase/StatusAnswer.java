package pideploy.deploy.core.usecase;

import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.ProofFailure;

/** Outcome of {@link RecordStatus}. Refusals change nothing. */
public sealed interface StatusAnswer {
    /** Recorded; {@code deployment} as it is now (its hostname goes into the response). */
    record Recorded(Deployment deployment) implements StatusAnswer {}

    /** No deployment matches the id (or serial/hostname/MAC). Suggested: 404 NOT_FOUND. */
    record UnknownDeployment(String reference) implements StatusAnswer {
        public String message() {
            return "no deployment found for " + reference;
        }
    }

    /** The move is not allowed (backwards, after failed, booted before success). Suggested: 409 INVALID_TRANSITION. */
    record InvalidTransition(Deployment deployment, DeploymentStatus requested) implements StatusAnswer {
        public String message() {
            return "deployment %s is %s and cannot become %s"
                    .formatted(deployment.id(), deployment.status().wireName(), requested.wireName());
        }
    }

    /**
     * Refused as a spoofing attempt (ADR-0042): the deployment has a device secret and the report carries none or a
     * wrong one, or a {@code booted} report names another hostname than the assigned one. Nothing changes except the
     * deployment's count of refused reports. Suggested: 403 DEVICE_SECRET_REQUIRED, DEVICE_SECRET_INVALID,
     * HOSTNAME_MISMATCH.
     *
     * @param deployment the deployment as it is now, its refused count included
     */
    record Refused(Deployment deployment, ProofFailure failure, String reason) implements StatusAnswer {
        public String message() {
            return reason;
        }
    }

    /**
     * A progress report (same status as now) sooner than the deployment's report budget allows (ADR-0045); not kept.
     * Suggested: 429 STATUS_RATE_LIMITED with {@code Retry-After}.
     */
    record TooFrequent(Deployment deployment, java.time.Duration retryAfter) implements StatusAnswer {
        public String message() {
            return ("deployment %s reports progress faster than the server keeps it; this report was not recorded "
                            + "(report less often; status changes are always taken)")
                    .formatted(deployment.id());
        }
    }

    /**
     * The deployment was ended by the server as abandoned (no report for the abandon time, ADR-0047); reports for it
     * are refused and change nothing. The device asks for its config again and gets a new deployment. Suggested:
     * 409 DEPLOYMENT_ABANDONED.
     */
    record Abandoned(Deployment deployment) implements StatusAnswer {
        public String message() {
            return "%s was %s; ask /api/config again for a new deployment"
                    .formatted(deployment.describe(), deployment.errorMessage());
        }
    }
}
