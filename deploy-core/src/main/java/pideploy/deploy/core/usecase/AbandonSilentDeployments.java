package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.FleetStore;

/**
 * Ends deployments that stopped reporting (ADR-0047): one still in flight (started ... customizing) whose last report
 * is older than {@code after} becomes {@code failed} with the reason "abandoned: no report for N minutes", so nothing
 * stays in flight forever. Its {@code finishedAt} is when it was abandoned; {@code updatedAt} stays its last report. Each is a status change in its history, published for the live dashboard, a WARNING log
 * line and an audit entry by {@value ReclaimUnfinishedHostnames#ACTOR} ({@code deployment.abandon}). The hostname
 * stays with the device (reclaiming it is {@link ReclaimUnfinishedHostnames}'s job, when on). Later reports for an
 * abandoned deployment are refused ({@link StatusAnswer.Abandoned}).
 */
public final class AbandonSilentDeployments {
    private static final System.Logger LOG = System.getLogger(AbandonSilentDeployments.class.getName());
    /** How an abandoned deployment's error message starts; {@link #wasAbandoned} recognises it. */
    static final String REASON_PREFIX = "abandoned: no report for ";

    private final FleetStore store;
    private final AuditLog audit;
    private final EventPublisher events;
    private final Clock clock;
    private final Duration after;

    public AbandonSilentDeployments(
            FleetStore store, AuditLog audit, EventPublisher events, Clock clock, Duration after) {
        this.store = store;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.after = after;
    }

    /** The reason recorded for a deployment silent for {@code after}. */
    public static String reason(Duration after) {
        return REASON_PREFIX + after.toMinutes() + " minutes";
    }

    /** True when the server ended this deployment as abandoned. */
    public static boolean wasAbandoned(Deployment d) {
        return d.status() == DeploymentStatus.FAILED
                && d.failureStep().isEmpty()
                && d.errorMessage().startsWith(REASON_PREFIX);
    }

    /** Ends what is due now; returns the deployments as they are now (failed). */
    public List<Deployment> abandon() {
        Instant now = clock.instant();
        String reason = reason(after);
        List<DeploymentChange> done = store.write(tx -> {
            List<DeploymentChange> changes = new ArrayList<>();
            for (Deployment d : tx.deployments().inFlightIdleBefore(now.minus(after))) {
                // updatedAt stays the last report: reclaiming (ADR-0045) counts silence from it, not from here.
                Deployment failed = new Deployment(
                        d.id(),
                        d.serial(),
                        d.mac(),
                        d.clientIp(),
                        d.hostname(),
                        d.product(),
                        d.venue(),
                        d.imageVersion(),
                        d.batch(),
                        DeploymentStatus.FAILED,
                        d.bytesDone(),
                        d.bytesTotal(),
                        d.startedAt(),
                        d.updatedAt(),
                        Optional.of(now),
                        d.bootedAt(),
                        d.message(),
                        reason,
                        Optional.empty(),
                        d.card(),
                        d.writeRate(),
                        d.proof(),
                        d.answeredBy());
                tx.deployments().update(failed);
                DeploymentEvent event = tx.deployments()
                        .addEvent(
                                failed,
                                EventType.STATUS_CHANGED,
                                "%s (was %s since %s)"
                                        .formatted(reason, d.status().wireName(), d.updatedAt()),
                                now);
                changes.add(new DeploymentChange(failed, event));
            }
            return changes;
        });
        for (DeploymentChange c : done) {
            Deployment d = c.deployment();
            LOG.log(Level.WARNING, "status: {0} is failed: {1}", d.describe(), reason);
            audit.append(new NewAuditEntry(
                    now,
                    ReclaimUnfinishedHostnames.ACTOR,
                    "deployment.abandon",
                    d.hostname().value(),
                    "deployment %s (%s) %s"
                            .formatted(
                                    d.id(),
                                    d.serial()
                                            .map(Object::toString)
                                            .or(() -> d.mac().map(Object::toString))
                                            .orElse("-"),
                                    reason)));
            Publishing.publish(events, c);
        }
        return done.stream().map(DeploymentChange::deployment).toList();
    }
}
