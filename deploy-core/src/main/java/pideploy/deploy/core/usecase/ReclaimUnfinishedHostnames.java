package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.device.Device;
import pideploy.deploy.core.hostname.Hostname;
import pideploy.deploy.core.operator.NewAuditEntry;
import pideploy.deploy.core.pool.PoolEntry;
import pideploy.deploy.core.pool.PoolEntryState;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.FleetStore;

/**
 * Pool protection (ADR-0045): a pool hostname whose latest deployment never reached {@code success} and has been
 * silent for {@code after} goes back to the pool, as if an operator had released it: its device is detached (a later
 * config request from it gets a hostname again, a new one if this was taken). Each reclaim is in the deployment's
 * history and in the audit log (actor {@value #ACTOR}). Off unless the operator sets a time.
 */
public final class ReclaimUnfinishedHostnames {
    private static final System.Logger LOG = System.getLogger(ReclaimUnfinishedHostnames.class.getName());
    /** Who the audit log names for reclaims. */
    public static final String ACTOR = "pideploy";

    /** One hostname back in the pool. */
    public record Reclaimed(Hostname hostname, Deployment deployment) {}

    private final FleetStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final Duration after;

    public ReclaimUnfinishedHostnames(FleetStore store, AuditLog audit, Clock clock, Duration after) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.after = after;
    }

    /** Reclaims what is due now. */
    public List<Reclaimed> reclaim() {
        Instant now = clock.instant();
        List<Reclaimed> done = store.write(tx -> {
            List<Reclaimed> reclaimed = new ArrayList<>();
            for (Deployment d : tx.deployments().unfinishedHoldersIdleBefore(now.minus(after))) {
                Optional<PoolEntry> entry =
                        tx.pool().findByHostname(d.hostname()).filter(e -> e.state() == PoolEntryState.ASSIGNED);
                if (entry.isEmpty()) {
                    continue;
                }
                tx.devices().findByHostname(d.hostname()).map(Device::detached).ifPresent(tx.devices()::update);
                tx.pool().update(entry.get().released());
                tx.deployments()
                        .addEvent(
                                d,
                                EventType.PROGRESS,
                                "hostname %s reclaimed: no success within %s".formatted(d.hostname(), after),
                                now);
                reclaimed.add(new Reclaimed(d.hostname(), d));
            }
            return reclaimed;
        });
        for (Reclaimed r : done) {
            Deployment d = r.deployment();
            LOG.log(
                    Level.WARNING,
                    "hostname {0} reclaimed from {1}: deployment {2} is {3} since {4}, no success " + "within {5}",
                    r.hostname(),
                    d.describe(),
                    d.id(),
                    d.status().wireName(),
                    d.updatedAt(),
                    after);
            audit.append(new NewAuditEntry(
                    now,
                    ACTOR,
                    "hostname.reclaim",
                    r.hostname().value(),
                    "deployment %s (%s) %s since %s; no success within %s"
                            .formatted(
                                    d.id(),
                                    d.serial()
                                            .map(Object::toString)
                                            .or(() -> d.mac().map(Object::toString))
                                            .orElse("-"),
                                    d.status().wireName(),
                                    d.updatedAt(),
                                    after)));
        }
        return done;
    }
}
