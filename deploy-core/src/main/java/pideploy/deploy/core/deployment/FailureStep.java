package pideploy.deploy.core.deployment;

import java.util.Locale;

/** The installer step that failed, reported with status {@code failed}. */
public enum FailureStep {
    PREFLIGHT,
    CONFIG,
    WRITE,
    VERIFY,
    CUSTOMIZE,
    REPORT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FailureStep parse(String text) {
        for (FailureStep s : values()) {
            if (s.wireName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "step must be one of preflight, config, write, verify, customize, report; got '%s'".formatted(text));
    }
}
