package pideploy.deploy.core.deployment;

/** Why a device's request was refused as unproven (ADR-0042); each is a spoofing attempt until shown otherwise. */
public enum ProofFailure {
    /** The deployment (or the device) has a secret and the request carries none. */
    SECRET_MISSING,
    /** The request's secret is not the one handed out. */
    SECRET_WRONG,
    /** A {@code booted} report without the assigned hostname, or with another one. */
    HOSTNAME_MISMATCH
}
