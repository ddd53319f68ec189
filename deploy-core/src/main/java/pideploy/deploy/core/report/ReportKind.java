package pideploy.deploy.core.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The reports there are, by the name the API, the CLI and the web page use. */
public enum ReportKind {
    /** Deployments started per UTC day, by outcome. */
    DEPLOYMENTS_PER_DAY,
    /** Success rate and median/p95 duration per venue. */
    VENUES,
    /** Success rate and median/p95 duration per product. */
    PRODUCTS,
    /** Failures by installer step and by SD card model. */
    FAILURES,
    /** Deployments, failures and write rate per SD card model. */
    CARD_MODELS,
    /** Time from success to the first phone-home, per venue and product. */
    TIME_TO_FIRST_BOOT;

    /** {@code deployments-per-day}, {@code card-models}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ReportKind parse(String text) {
        String t = text == null ? "" : text.strip();
        for (ReportKind k : values()) {
            if (k.wireName().equalsIgnoreCase(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("report must be one of %s; got '%s'"
                .formatted(Arrays.stream(values()).map(ReportKind::wireName).collect(Collectors.joining(", ")), t));
    }
}
