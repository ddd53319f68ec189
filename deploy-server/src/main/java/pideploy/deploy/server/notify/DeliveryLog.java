package pideploy.deploy.server.notify;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The latest delivery attempts, newest first, at most {@code capacity} of them. Thread-safe. */
public final class DeliveryLog {
    private final int capacity;
    private final Deque<Delivery> entries = new ArrayDeque<>();

    public DeliveryLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("delivery log capacity must be 1 or more, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(Delivery d) {
        entries.addFirst(d);
        while (entries.size() > capacity) {
            entries.removeLast();
        }
    }

    /** Newest first. */
    public synchronized List<Delivery> latest(int limit) {
        return new ArrayList<>(entries).subList(0, Math.min(limit, entries.size()));
    }
}
