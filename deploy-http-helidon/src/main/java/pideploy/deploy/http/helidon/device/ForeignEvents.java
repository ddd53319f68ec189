package pideploy.deploy.http.helidon.device;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import pideploy.deploy.core.deployment.Deployment;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.deployment.DeploymentEvent;
import pideploy.deploy.core.port.FleetStore;
import pideploy.deploy.core.port.FleetTransaction;

/**
 * Brings what other processes committed to a shared database to this server's live stream when the database itself
 * says so (PostgreSQL {@code LISTEN/NOTIFY}, ADR-0097), in place of {@link DatabaseTail}'s polling. The notifications
 * name only other processes' events, so each is published at once, never twice, and this process's own events are not
 * remembered for a tail (none runs).
 */
public final class ForeignEvents {
    private static final System.Logger LOG = System.getLogger(ForeignEvents.class.getName());

    private final FleetStore store;
    private final LiveEvents live;

    public ForeignEvents(FleetStore store, LiveEvents live) {
        this.store = store;
        this.live = live;
        live.forgetOwnEvents();
    }

    /** Publishes the events of these sequences (other processes', committed, in commit order). */
    public void eventsCommitted(List<Long> sequences) {
        if (sequences.isEmpty()) {
            return;
        }
        long first = sequences.getFirst();
        long last = sequences.getLast();
        Set<Long> wanted = new HashSet<>(sequences);
        List<DeploymentChange> changes = store.read((FleetTransaction tx) -> {
            List<DeploymentChange> found = new ArrayList<>();
            long after = first - 1;
            // Own events may lie between the announced ones: read the span, keep what was announced.
            while (after < last) {
                List<DeploymentEvent> page =
                        tx.deployments().eventsAfter(after, (int) Math.min(DatabaseTail.PAGE, last - after));
                if (page.isEmpty()) {
                    break;
                }
                for (DeploymentEvent e : page) {
                    if (wanted.contains(e.sequence())) {
                        Optional<Deployment> d = tx.deployments().find(e.deploymentId());
                        d.ifPresent(deployment -> found.add(new DeploymentChange(deployment, e)));
                    }
                }
                after = page.getLast().sequence();
            }
            return found;
        });
        if (changes.size() < wanted.size()) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    "{0} of {1} announced events were gone when read (history thinning)",
                    wanted.size() - changes.size(),
                    wanted.size());
        }
        changes.forEach(live::publishForeign);
    }

    /** The admin command line changed something that is not a deployment event: open pages reload their lists. */
    public void commandLineChanged(String what) {
        live.refresh("changed from the command line: " + what);
    }

    /** Announcements may have been missed (the database connection broke): open pages reload everything. */
    public void resumed() {
        live.refresh("reconnected to the database");
    }
}
