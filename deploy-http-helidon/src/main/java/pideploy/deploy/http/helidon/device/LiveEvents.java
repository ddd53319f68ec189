package pideploy.deploy.http.helidon.device;

import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.http.helidon.events.EventBroker;
import pideploy.deploy.http.helidon.view.Views;

/**
 * The core's {@link EventPublisher}, implemented by the live-event broker: status changes and new deployments become
 * {@code deployment} events; progress becomes {@code progress} events, at most about one per second per deployment.
 * Never blocks and never throws, as the port demands.
 */
public final class LiveEvents implements EventPublisher {
    public static final String DEPLOYMENT = "deployment";
    public static final String PROGRESS = "progress";
    private static final System.Logger LOG = System.getLogger(LiveEvents.class.getName());

    private final EventBroker broker;

    public LiveEvents(EventBroker broker) {
        this.broker = broker;
    }

    @Override
    public void publish(DeploymentChange change) {
        try {
            Views.ChangeView view = new Views.ChangeView(Views.DeploymentView.of(change.deployment()),
                    Views.EventView.of(change.event()));
            String key = Long.toString(change.deployment().id().value());
            if (change.event().type() == EventType.PROGRESS) {
                broker.publishProgress(key, PROGRESS, view);
            } else {
                broker.publish(DEPLOYMENT, view);
                if (change.deployment().status().isFinished()) {
                    broker.forget(key);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "live event for deployment {0} not published: {1}",
                    change.deployment().id(), e.toString());
        }
    }
}
