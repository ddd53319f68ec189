package pideploy.deploy.server.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.notify.Notice;
import pideploy.deploy.core.notify.NoticeType;

/** The notices about deployments, worded once for every channel (ADR-0085). */
public final class FleetNotices {
    private FleetNotices() {}

    /** {@code deployment.failed}: "KXP2-CORO-014 (serial 1000...) failed at verify: sha256 mismatch". */
    public static Notice failed(Deployment d, Instant at) {
        String step = d.failureStep().map(s -> " at " + s.wireName()).orElse("");
        String why = d.errorMessage().isBlank() ? "" : ": " + d.errorMessage();
        Map<String, String> details = facts(d);
        d.failureStep().ifPresent(s -> details.put("failure_step", s.wireName()));
        if (!d.errorMessage().isBlank()) {
            details.put("error", d.errorMessage());
        }
        return new Notice(NoticeType.DEPLOYMENT_FAILED, at, who(d) + " failed" + step + why, details);
    }

    /** {@code deployment.stalled}: no report since {@code updatedAt} (ADR-0084). */
    public static Notice stalled(Deployment d, Instant at) {
        Map<String, String> details = facts(d);
        details.put("last_report_at", d.updatedAt().toString());
        return new Notice(
                NoticeType.DEPLOYMENT_STALLED,
                at,
                "%s stalled: no report since %s (status %s)"
                        .formatted(who(d), d.updatedAt(), d.status().wireName()),
                details);
    }

    private static String who(Deployment d) {
        return d.hostname().value()
                + d.serial().map(s -> " (serial " + s.value() + ")").orElse("");
    }

    private static Map<String, String> facts(Deployment d) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("deployment_id", Long.toString(d.id().value()));
        f.put("hostname", d.hostname().value());
        d.serial().ifPresent(s -> f.put("serial", s.value()));
        f.put("product", d.product().value());
        f.put("venue", d.venue().value());
        f.put("image_version", d.imageVersion().value());
        f.put("status", d.status().wireName());
        d.batch().ifPresent(b -> f.put("batch_id", Long.toString(b.value())));
        return f;
    }
}
