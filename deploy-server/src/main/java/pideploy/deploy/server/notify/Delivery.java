package pideploy.deploy.server.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to deliver a notice, as the delivery log shows it.
 *
 * @param at      when the attempt ended
 * @param event   the notice's type, e.g. {@code deployment.failed}
 * @param target  where it went: the webhook URL without user info or query
 * @param attempt 1 for the first try
 * @param status  the receiver's HTTP status ({@code "200"}), or what went wrong ({@code "error: connection refused"})
 * @param ok      whether this attempt delivered it
 */
public record Delivery(Instant at, String event, String target, int attempt, String status, boolean ok) {
    public Delivery {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        if (attempt < 1) {
            throw new IllegalArgumentException("delivery attempt must be 1 or more, got " + attempt);
        }
    }
}
