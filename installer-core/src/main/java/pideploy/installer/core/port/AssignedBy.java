package pideploy.installer.core.port;

/**
 * Why the server gave this device its hostname, product and venue: the installer says so when they differ from what
 * it asked for, so the person at the bench knows it was no mistake.
 */
public enum AssignedBy {
    /** The device already held the hostname (an earlier attempt); the product and venue asked for were not used. */
    HELD,
    /** An active batch chose product and venue. */
    BATCH,
    /** The product and venue the installer asked for. */
    REQUEST
}
