package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.StorageException;

/**
 * Whether the fleet's store answers: the one health query behind {@code /health} and the System page (ADR-0100), so
 * both say the same thing in the same words.
 */
public final class CheckHealth {
    private static final System.Logger LOG = System.getLogger(CheckHealth.class.getName());

    /** The store's state: {@link #up} or why not. */
    public record Health(boolean up, String reason) {
        /** {@code UP}, or {@code DOWN: <reason>}, as both the health check and the System page show it. */
        public String text() {
            return up ? "UP" : "DOWN: " + reason;
        }
    }

    private final FleetStore store;

    public CheckHealth(FleetStore store) {
        this.store = store;
    }

    public Health database() {
        try {
            store.ping();
            return new Health(true, "");
        } catch (StorageException | IllegalStateException e) {
            LOG.log(Level.ERROR, "health check: database unreachable: {0}", e.getMessage());
            return new Health(false, String.valueOf(e.getMessage()));
        }
    }
}
