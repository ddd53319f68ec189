package pideploy.deploy.http.helidon.events;

import java.util.Map;
import java.util.Optional;

/**
 * The {@value #NAME} event on the live stream (ADR-0089): one per operator change to venues, products, pools, batches
 * or images made through the API, so other operators' open pages refetch what changed instead of showing it stale.
 * Published where the change is audited, after its commit; changes from the command line reach the stream as a
 * {@code refresh} through the database tail (ADR-0032).
 */
public final class ChangeEvents {
    /** The SSE event name. */
    public static final String NAME = "change";

    private ChangeEvents() {}

    /**
     * What an audited action changed, as the pages name their lists: {@code venues}, {@code products}, {@code pools},
     * {@code batches} or {@code images}; empty for actions no list shows (sessions, users, tokens, profiles).
     */
    public static Optional<String> kindOf(String action) {
        String prefix = action.contains(".") ? action.substring(0, action.indexOf('.')) : action;
        return Optional.ofNullable(
                switch (prefix) {
                    case "venue" -> "venues";
                    case "product" -> "products";
                    case "pool", "hostname" -> "pools";
                    case "batch" -> "batches";
                    case "image" -> "images";
                    default -> null;
                });
    }

    /** Publishes the change event of an audited action, if it changed a list. */
    public static void publish(EventBroker broker, String action, String target, String by) {
        kindOf(action)
                .ifPresent(kind ->
                        broker.publish(NAME, Map.of("kind", kind, "action", action, "target", target, "by", by)));
    }
}
