package pideploy.deploy.http.helidon.listener;

import java.util.Map;

/**
 * What {@code /health} says of the listeners: whether all are up, and per listener its state and connection counts.
 *
 * @param allUp false while any listener is down (health then answers 503)
 * @param listeners by listener name ({@code device}, {@code operator})
 */
public record ListenerHealth(boolean allUp, Map<String, Object> listeners) {
    public ListenerHealth {
        listeners = Map.copyOf(listeners);
    }

    /** Before the listeners exist, and for handlers tested without them. */
    public static ListenerHealth unknown() {
        return new ListenerHealth(true, Map.of());
    }
}
