package pideploy.deploy.server.notify;

import java.lang.System.Logger.Level;
import java.util.Objects;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.deployment.DeploymentStatus;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.core.port.Notifier;

/**
 * Publishes committed deployment changes on to the live stream and raises {@code deployment.failed} for a change to
 * {@code failed} (ADR-0085): a device's report and housekeeping's abandon both come
 * through here after their commit, so one place sees every failure, once. Never throws: the caller may be answering
 * a device.
 */
public final class NoticeRaisingPublisher implements EventPublisher {
    private static final System.Logger LOG = System.getLogger(NoticeRaisingPublisher.class.getName());

    private final EventPublisher next;
    private final Notifier notifier;

    public NoticeRaisingPublisher(EventPublisher next, Notifier notifier) {
        this.next = Objects.requireNonNull(next, "next");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    @Override
    public void publish(DeploymentChange change) {
        next.publish(change);
        try {
            if (change.event().type() == EventType.STATUS_CHANGED
                    && change.event().status() == DeploymentStatus.FAILED) {
                notifier.raise(
                        FleetNotices.failed(change.deployment(), change.event().at()));
            }
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "failure notice for deployment {0} ({1}) not raised: {2}",
                    change.deployment().id().value(),
                    change.deployment().hostname().value(),
                    e.toString());
        }
    }
}
