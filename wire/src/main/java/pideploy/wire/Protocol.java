package pideploy.wire;

/**
 * Versions of the device protocol a client announces in the config request's {@link Fields.ConfigRequest#PROTOCOL}
 * (docs/protocol.md, ADR-0042). A client that sends no version is a legacy client (version 1): it keeps working, and
 * its deployments are marked unverified.
 */
public final class Protocol {
    /** Version 1: the old system's fields; no device secret. What a client that announces nothing speaks. */
    public static final int LEGACY = 1;
    /** Version 2: the config answer carries a device secret that every status report of the deployment returns. */
    public static final int DEVICE_PROOF = 2;
    /** The newest version this module describes. */
    public static final int CURRENT = DEVICE_PROOF;

    private Protocol() {
    }
}
