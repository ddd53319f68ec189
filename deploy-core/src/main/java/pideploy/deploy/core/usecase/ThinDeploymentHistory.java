package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import pideploy.deploy.core.port.FleetStore;

/**
 * Bounded growth of the deployment history (ADR-0045): once a deployment has ended well for
 * {@code progressRetention}, its progress events are thinned to the last one of each status. Creation, status
 * changes and everything of a failed deployment stay, which is what an operator reads afterwards.
 */
public final class ThinDeploymentHistory {
    private static final System.Logger LOG = System.getLogger(ThinDeploymentHistory.class.getName());
    private final FleetStore store;
    private final Clock clock;
    private final Duration progressRetention;

    public ThinDeploymentHistory(FleetStore store, Clock clock, Duration progressRetention) {
        this.store = store;
        this.clock = clock;
        this.progressRetention = progressRetention;
    }

    /** Thins what is due now; returns how many events were deleted. */
    public int thin() {
        int deleted = store.write(
                tx -> tx.deployments().thinProgressEvents(clock.instant().minus(progressRetention)));
        if (deleted > 0) {
            LOG.log(
                    Level.INFO,
                    "history: removed {0} progress events of deployments that ended well more than {1} " + "ago",
                    deleted,
                    progressRetention);
        }
        return deleted;
    }
}
