package pideploy.deploy.server.notify;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import pideploy.deploy.core.port.Notifier;

/**
 * The server's notifications in one place (ADR-0085): where they go now (kept in the data directory, so they survive a
 * restart), the {@link Notifier} the fleet raises notices to, and the log of every delivery attempt. Changed targets
 * apply to the next notice. Thread-safe.
 */
public final class Notifications {
    /** Delivery attempts kept for the delivery log (five attempts per notice at most: 40 notices or more). */
    static final int LOG_CAPACITY = 200;

    private final AtomicReference<NotificationTargets> targets;
    private final NotificationSettingsFile stored;
    private final DeliveryLog log = new DeliveryLog(LOG_CAPACITY);
    private final ChannelNotifier notifier;

    /** With the targets stored in {@code dataDir}, none when nothing is stored. */
    public Notifications(Path dataDir, RetryPolicy retry, Clock clock) {
        this.stored = new NotificationSettingsFile(dataDir);
        this.targets = new AtomicReference<>(stored.load());
        this.notifier = new ChannelNotifier(targets::get, new WebhookSender(retry, log, clock), log, clock);
    }

    /** What the fleet raises notices to. */
    public Notifier notifier() {
        return notifier;
    }

    /**
     * Where notices go from the next one on; stored first, so what is in effect is what a restart finds.
     *
     * @throws java.io.UncheckedIOException naming the file when it cannot be written (the targets stay as they were)
     */
    public synchronized void configure(NotificationTargets next) {
        Objects.requireNonNull(next, "next");
        stored.save(next);
        targets.set(next);
    }

    public NotificationTargets targets() {
        return targets.get();
    }

    /** Every delivery attempt, newest first. */
    public DeliveryLog log() {
        return log;
    }
}
