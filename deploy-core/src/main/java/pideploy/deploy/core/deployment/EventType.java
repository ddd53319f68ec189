package pideploy.deploy.core.deployment;

import java.util.Locale;

/** What happened to a deployment. */
public enum EventType {
    /** A config request created the attempt. */
    CREATED,
    /** The status moved forward. */
    STATUS_CHANGED,
    /** Same status again: a progress update (bytes written). */
    PROGRESS;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
