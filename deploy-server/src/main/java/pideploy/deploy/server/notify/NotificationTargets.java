package pideploy.deploy.server.notify;

import java.net.URI;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import pideploy.deploy.core.notify.NoticeType;

/**
 * Where notices go and which ones (ADR-0085).
 *
 * @param webhook the webhook to {@code POST} to; empty: no webhook
 * @param secret  the HMAC key for {@code X-PiDeploy-Signature}; empty: unsigned
 * @param mail    the SMTP relay and recipients; empty: no e-mail
 * @param events  the notice types sent; {@link NoticeType#TEST} goes out whatever this says
 * @param poolThreshold a pool with fewer available hostnames than this is nearly empty; 0: never
 */
public record NotificationTargets(
        Optional<URI> webhook,
        Optional<String> secret,
        Optional<SmtpMailer.Settings> mail,
        Set<NoticeType> events,
        int poolThreshold) {
    /** Nowhere: what a server has before an operator configured anything. */
    public static final NotificationTargets NONE =
            new NotificationTargets(Optional.empty(), Optional.empty(), Optional.empty(), Set.of(), 0);

    public NotificationTargets {
        Objects.requireNonNull(webhook, "webhook");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(mail, "mail");
        if (poolThreshold < 0 || poolThreshold > 100_000) {
            throw new IllegalArgumentException("pool threshold must be 0 (off) to 100000, got " + poolThreshold);
        }
        events = events.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(events));
    }

    /** Whether a notice of this type goes anywhere at all. */
    public boolean wants(NoticeType type) {
        return (webhook.isPresent() || mail.isPresent()) && (type == NoticeType.TEST || events.contains(type));
    }
}
