package pideploy.deploy.core.usecase;

import java.time.Clock;
import java.util.List;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.port.FleetStore;

/**
 * Deployments that reported {@code success} but whose device has not phoned home ({@code booted}) within
 * {@link CoreSettings#bootConfirmationTimeout()}: cards that may not boot.
 */
public final class ListUnconfirmedDeployments {
    private final FleetStore store;
    private final Clock clock;
    private final CoreSettings settings;

    public ListUnconfirmedDeployments(FleetStore store, Clock clock, CoreSettings settings) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
    }

    /** Oldest first. */
    public List<Deployment> list() {
        var cutoff = clock.instant().minus(settings.bootConfirmationTimeout());
        return store.read(tx -> tx.deployments().successNotBootedBefore(cutoff));
    }
}
