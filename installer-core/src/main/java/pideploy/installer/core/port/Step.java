package pideploy.installer.core.port;

import java.util.Locale;

/** The steps of an installation, in order; {@link #wireName()} is the value of {@code step} in status reports. */
public enum Step {
    PREFLIGHT,
    CONFIG,
    WRITE,
    VERIFY,
    CUSTOMIZE,
    REPORT,
    REBOOT;

    /** Lower-case name used on the wire and in messages, e.g. {@code verify}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
