package pideploy.deploy.core.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One thing to tell operators about, as every channel sends it.
 *
 * @param type    what it is about
 * @param at      when it happened
 * @param summary one line for a person: "KXP2-CORO-014 (serial 10000000aaaa0001) failed at verify: sha256 mismatch"
 * @param details the facts a script needs (hostname, serial, deployment_id, batch_id, venue, ...), by name
 */
public record Notice(NoticeType type, Instant at, String summary, Map<String, String> details) {
    public Notice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (summary == null || summary.isBlank()) {
            throw new IllegalArgumentException("a notice needs a summary");
        }
        // Sorted, so a body (and its signature) is the same for the same facts.
        details = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(details, "details")));
    }
}
