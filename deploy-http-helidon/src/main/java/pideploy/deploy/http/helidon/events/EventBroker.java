package pideploy.deploy.http.helidon.events;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import pideploy.deploy.http.helidon.Json;

/**
 * Fan-out of live events to connected operators. Every event gets the next id; the last {@code capacity} events stay
 * in a ring so a client reconnecting with Last-Event-ID gets exactly what it missed, or a {@code refresh} event when
 * that is no longer possible (it then reloads its lists). Progress events are throttled to one per key (device) per
 * interval, on both edges: the first passes at once, the latest of those that came within the interval is sent when
 * it ends (so the dashboard never keeps showing stale bytes); status changes always pass and drop a progress event
 * still waiting for that key (it would be older than the status). Publishing never blocks: a subscriber that falls too far behind is told to
 * refresh instead of slowing down the devices.
 */
public final class EventBroker {
    /** Name of the event that tells a client to reload everything: its missed events are gone. */
    public static final String REFRESH = "refresh";

    /** One numbered event with its JSON payload. */
    public record Event(long id, String name, String json) {
        public Event {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(json, "json");
        }
    }

    private final int capacity;
    private final Duration progressInterval;
    private final InstantSource clock;
    private final ArrayDeque<Event> ring;
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();
    private final Map<String, Long> lastProgressMillis = new ConcurrentHashMap<>();
    /** Per key, the latest progress event held back by the throttle, sent at the end of its interval. */
    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    private final Object throttleLock = new Object();
    private volatile ScheduledExecutorService trailingTimer;

    private record Waiting(String name, Object payload) {}

    private long nextId = 1;
    private volatile boolean closed;
    /** Names this broker's numbering, so ids from before a restart are recognised as foreign (refresh). */
    private final String run;

    public EventBroker(int capacity, Duration progressInterval, InstantSource clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event ring capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.progressInterval = progressInterval;
        this.clock = clock;
        this.ring = new ArrayDeque<>(capacity);
        this.run = Long.toString(clock.millis(), 36);
    }

    /** The id clients see: {@code <run>-<number>}. */
    public String wireId(long id) {
        return run + "-" + id;
    }

    /**
     * Subscribes after a Last-Event-ID as clients send it: ids of this run replay what was missed; ids of an earlier
     * run (a restart) or garbage get a refresh; no id means live events only.
     */
    public Subscription subscribeAfter(Optional<String> lastEventId) {
        if (lastEventId.isEmpty()) {
            return subscribe(Optional.empty());
        }
        String v = lastEventId.get().trim();
        if (v.startsWith(run + "-")) {
            try {
                long n = Long.parseLong(v.substring(run.length() + 1));
                if (n >= 0) {
                    return subscribe(Optional.of(n));
                }
            } catch (NumberFormatException e) {
                // fall through to refresh
            }
        }
        return subscribe(Optional.of(-2L));
    }

    /** Publishes an event every client must see (a status change, a new deployment, an operator action). */
    public void publish(String name, Object payload) {
        String json = new String(Json.bytes(payload), java.nio.charset.StandardCharsets.UTF_8);
        synchronized (this) {
            Event e = new Event(nextId++, name, json);
            if (ring.size() == capacity) {
                ring.removeFirst();
            }
            ring.addLast(e);
            // Inside the lock so every subscriber sees ids in order; offers never block.
            for (Subscription s : subscribers) {
                s.offer(e);
            }
        }
    }

    /**
     * Publishes a progress event unless one for the same key went out less than the interval ago.
     *
     * @return whether it was published
     */
    public boolean publishProgress(String key, String name, Object payload) {
        long interval = progressInterval.toMillis();
        synchronized (throttleLock) {
            long now = clock.millis();
            Long last = lastProgressMillis.get(key);
            if (last != null && now - last < interval) {
                if (waiting.put(key, new Waiting(name, payload)) == null && !closed) {
                    long delay = Math.min(interval, Math.max(0, last + interval - now));
                    try {
                        timer().schedule(() -> sendWaiting(key), delay, TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        waiting.remove(key); // closing: nobody is listening any more
                    }
                }
                return false;
            }
            lastProgressMillis.put(key, now);
            waiting.remove(key);
        }
        publish(name, payload);
        return true;
    }

    /**
     * Publishes an event about a key (a status change of a device) that makes its waiting progress event obsolete.
     */
    public void publishSuperseding(String key, String name, Object payload) {
        waiting.remove(key);
        publish(name, payload);
    }

    private void sendWaiting(String key) {
        Waiting w;
        synchronized (throttleLock) {
            w = waiting.remove(key);
            if (w == null) {
                return;
            }
            lastProgressMillis.put(key, clock.millis());
        }
        publish(w.name(), w.payload());
    }

    private ScheduledExecutorService timer() {
        ScheduledExecutorService t = trailingTimer;
        if (t == null) {
            synchronized (throttleLock) {
                if (trailingTimer == null) {
                    trailingTimer = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread th = new Thread(r, "pideploy-progress-trailing");
                        th.setDaemon(true);
                        return th;
                    });
                }
                t = trailingTimer;
            }
        }
        return t;
    }

    /** Forgets the throttle state of a key, e.g. when its deployment finished, so the maps stay small. */
    public void forget(String key) {
        lastProgressMillis.remove(key);
        waiting.remove(key);
    }

    /**
     * Subscribes; with a last seen id, the missed events are queued first, or a refresh when they fell off the ring.
     */
    public Subscription subscribe(Optional<Long> lastEventId) {
        Subscription s = new Subscription();
        synchronized (this) {
            if (lastEventId.isPresent()) {
                long last = lastEventId.get();
                long oldest = ring.isEmpty() ? nextId : ring.peekFirst().id();
                if (last + 1 < oldest || last >= nextId) {
                    s.offer(refresh());
                } else {
                    for (Event e : ring) {
                        if (e.id() > last) {
                            s.offer(e);
                        }
                    }
                }
            }
            subscribers.add(s);
        }
        return s;
    }

    public synchronized long lastId() {
        return nextId - 1;
    }

    public List<Event> recent() {
        synchronized (this) {
            return new ArrayList<>(ring);
        }
    }

    /** Ends every subscription; their handlers return and the streams close. */
    public void close() {
        closed = true;
        ScheduledExecutorService t = trailingTimer;
        if (t != null) {
            t.shutdownNow();
        }
        for (Subscription s : subscribers) {
            s.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private synchronized Event refresh() {
        return new Event(nextId - 1, REFRESH, "{\"reason\":\"missed events are no longer available\"}");
    }

    /** One connected client's queue. */
    public final class Subscription implements AutoCloseable {
        private static final int MAX_QUEUED = 2_000;
        private static final Event END = new Event(-1, "", "");
        private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        private volatile boolean lagging;

        void offer(Event e) {
            if (queue.size() >= MAX_QUEUED) {
                if (!lagging) {
                    lagging = true;
                    queue.clear();
                    queue.offer(refresh());
                }
                return;
            }
            lagging = false;
            queue.offer(e);
        }

        /** The next event, empty after the timeout (time for a heartbeat), or empty with {@link #ended()} true. */
        public Optional<Event> next(Duration timeout) throws InterruptedException {
            Event e = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (e == END) {
                queue.offer(END);
                return Optional.empty();
            }
            return Optional.ofNullable(e);
        }

        public boolean ended() {
            return closed || queue.peek() == END;
        }

        @Override
        public void close() {
            subscribers.remove(this);
            queue.offer(END);
        }
    }
}
