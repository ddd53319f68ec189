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
    /**
     * Version 3: v2 plus the device profile; the config answer carries {@link Fields.ConfigResponse#PROFILE} when a
     * profile layer applies to the device (ADR-0062). A client announcing less gets no profile.
     */
    public static final int PROFILES = 3;
    /**
     * Version 4: v3 plus operator hooks (ADR-0094): the profile carries {@link Fields.Profile#HOOKS}, which the device
     * runs once after PiDeploy's own first-boot steps, and the {@code booted} report carries their results
     * ({@link Fields.StatusRequest#HOOKS}). A client announcing less gets no hooks.
     */
    public static final int HOOKS = 4;
    /** The newest version this module describes. */
    public static final int CURRENT = HOOKS;

    private Protocol() {}
}
