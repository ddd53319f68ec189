package pideploy.deploy.http.helidon.device;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import pideploy.deploy.core.deployment.DeploymentChange;
import pideploy.deploy.core.deployment.EventType;
import pideploy.deploy.core.port.EventPublisher;
import pideploy.deploy.http.helidon.events.EventBroker;
import pideploy.deploy.http.helidon.view.Views;

/**
 * The core's {@link EventPublisher}, implemented by the live-event broker: status changes and new deployments become
 * {@code deployment} events; progress becomes {@code progress} events, at most about one per second per deployment (the latest one of each second is sent at its
 * end).
 * Never blocks and never throws, as the port demands: {@link #publish} only notes the change and queues it, and one
 * virtual thread turns the queue into events in commit order, so a config answer never waits for the views to be
 * built and sent (ADR-0053). Changes committed by other processes (the admin command line,
 * a second server on the same file) arrive through {@link DatabaseTail} (ADR-0032), or on PostgreSQL through
 * {@link ForeignEvents} (ADR-0097).
 */
public final class LiveEvents implements EventPublisher {
    public static final String DEPLOYMENT = "deployment";
    public static final String PROGRESS = "progress";
    private static final System.Logger LOG = System.getLogger(LiveEvents.class.getName());

    private final EventBroker broker;
    /** Sequences of events this process published itself, until {@link DatabaseTail} has seen them in the database. */
    private final Set<Long> publishedHere = ConcurrentHashMap.newKeySet();
    /** False when no {@link DatabaseTail} runs (ADR-0097): then nothing would ever forget the sequences noted. */
    private volatile boolean remembersOwn = true;

    private final ConcurrentLinkedQueue<DeploymentChange> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();

    public LiveEvents(EventBroker broker) {
        this.broker = broker;
    }

    @Override
    public void publish(DeploymentChange change) {
        // Claimed at once, before the tail can find the committed row, so the event is never sent twice.
        if (remembersOwn) {
            publishedHere.add(change.event().sequence());
        }
        outbox.add(change);
        if (sending.compareAndSet(false, true)) {
            Thread.ofVirtual().name("live-events").start(this::sendQueued);
        }
    }

    private void sendQueued() {
        while (true) {
            for (DeploymentChange c; (c = outbox.poll()) != null; ) {
                send(c);
            }
            sending.set(false);
            // A change queued after the last poll but before the flag dropped saw a sender running: take it on.
            if (outbox.isEmpty() || !sending.compareAndSet(false, true)) {
                return;
            }
        }
    }

    /** No tail runs: other processes' events arrive by {@link ForeignEvents}, which names only theirs. */
    void forgetOwnEvents() {
        remembersOwn = false;
        publishedHere.clear();
    }

    /** Publishes a change another process committed (found by {@link DatabaseTail} or {@link ForeignEvents}). */
    void publishForeign(DeploymentChange change) {
        send(change);
    }

    /** True (once) if this process published the event of that sequence itself. */
    boolean claimedHere(long sequence) {
        return publishedHere.remove(sequence);
    }

    /** Drops remembered sequences up to the given one: the tail has passed them. */
    void forgetUpTo(long sequence) {
        publishedHere.removeIf(s -> s <= sequence);
    }

    /** Tells every client to reload its lists (what changed is not a deployment event). */
    void refresh(String reason) {
        try {
            broker.publish(EventBroker.REFRESH, java.util.Map.of("reason", reason));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "refresh event not published: {0}", e.toString());
        }
    }

    private void send(DeploymentChange change) {
        try {
            Views.ChangeView view = new Views.ChangeView(
                    Views.DeploymentView.of(change.deployment()), Views.EventView.of(change.event()));
            String key = Long.toString(change.deployment().id().value());
            if (change.event().type() == EventType.PROGRESS) {
                broker.publishProgress(key, PROGRESS, view);
            } else {
                broker.publishSuperseding(key, DEPLOYMENT, view);
                if (change.deployment().status().isFinished()) {
                    broker.forget(key);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "live event for deployment {0} not published: {1}",
                    change.deployment().id(),
                    e.toString());
        }
    }
}
