package pideploy.deploy.server.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentId;
import pideploy.deploy.core.port.Notifier;

/**
 * Raises {@code deployment.stalled} once per silence (ADR-0084, ADR-0085): given the deployments stalled now (each
 * housekeeping round), a deployment is told about the first time it is seen stalled, and again only after it reported
 * and fell silent anew (its last report moved). Deployments no longer stalled are forgotten. Not thread-safe: one
 * housekeeping thread calls it.
 */
public final class StallNotices {
    private final Notifier notifier;
    private final Clock clock;
    /** Stalled deployments already told about, with the last report of the silence they were told about. */
    private final Map<DeploymentId, Instant> told = new HashMap<>();

    public StallNotices(Notifier notifier, Clock clock) {
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param stalledNow the deployments in flight silent for the stall time or longer
     * @return how many notices this raised
     */
    public int check(List<Deployment> stalledNow) {
        Set<DeploymentId> seen = new HashSet<>();
        int raised = 0;
        for (Deployment d : stalledNow) {
            seen.add(d.id());
            if (!d.updatedAt().equals(told.get(d.id()))) {
                told.put(d.id(), d.updatedAt());
                notifier.raise(FleetNotices.stalled(d, clock.instant()));
                raised++;
            }
        }
        told.keySet().retainAll(seen);
        return raised;
    }
}
