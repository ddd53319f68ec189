package pideploy.wire;

import java.util.Locale;

/** The {@code step} of a {@code failed} status report: the installer step that failed. */
public enum FailureStep {
    PREFLIGHT,
    CONFIG,
    WRITE,
    VERIFY,
    CUSTOMIZE,
    REPORT;

    /** The lower-case name on the wire, e.g. {@code verify}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The step with this wire name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the allowed values, for anything else (also {@code null})
     */
    public static FailureStep parse(String text) {
        return WireNames.parse(FailureStep.class, FailureStep::wireName, "step", text);
    }
}
