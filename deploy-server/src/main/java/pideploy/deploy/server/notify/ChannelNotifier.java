package pideploy.deploy.server.notify;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import pideploy.deploy.core.notify.Notice;
import pideploy.deploy.core.port.Notifier;

/**
 * The {@link Notifier} of the server (ADR-0085): each notice the operator wants goes to the webhook and the e-mail
 * relay configured when it is raised, each on a virtual thread of its own, so the caller (often a device's request)
 * never waits for a receiver, and a slow channel never delays the other. Every webhook attempt and every e-mail is
 * in the {@link DeliveryLog}.
 */
public final class ChannelNotifier implements Notifier {
    private static final System.Logger LOG = System.getLogger(ChannelNotifier.class.getName());

    private final Supplier<NotificationTargets> targets;
    private final WebhookSender webhook;
    private final DeliveryLog log;
    private final Clock clock;

    /**
     * @param targets read at every notice, so changed settings apply to the next one
     */
    public ChannelNotifier(Supplier<NotificationTargets> targets, WebhookSender webhook, DeliveryLog log, Clock clock) {
        this.targets = Objects.requireNonNull(targets, "targets");
        this.webhook = Objects.requireNonNull(webhook, "webhook");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void raise(Notice notice) {
        try {
            NotificationTargets now = targets.get();
            if (!now.wants(notice.type())) {
                return;
            }
            now.webhook()
                    .ifPresent(url ->
                            Thread.ofVirtual().name("pideploy-webhook").start(() -> post(url, now.secret(), notice)));
            now.mail()
                    .ifPresent(mail -> Thread.ofVirtual().name("pideploy-mail").start(() -> mail(mail, notice)));
        } catch (RuntimeException e) {
            // A notice lost is logged; the caller's work (a device's answer) must go on.
            LOG.log(Level.WARNING, "notice {0} not sent: {1}", notice.type().wireName(), e.toString());
        }
    }

    private void post(URI url, Optional<String> secret, Notice notice) {
        try {
            webhook.deliver(url, secret, notice);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook {0} not sent: {1}", notice.type().wireName(), e.toString());
        }
    }

    private void mail(SmtpMailer.Settings mail, Notice notice) {
        String target = "smtp://" + mail.host() + ":" + mail.port();
        String event = notice.type().wireName();
        try {
            String reply = new SmtpMailer(mail).send(notice);
            log.add(new Delivery(clock.instant(), event, target, 1, reply, true));
        } catch (IOException | RuntimeException e) {
            log.add(new Delivery(clock.instant(), event, target, 1, "error: " + e.getMessage(), false));
            LOG.log(Level.WARNING, "e-mail {0} not delivered to {1}: {2}", event, target, e.getMessage());
        }
    }
}
