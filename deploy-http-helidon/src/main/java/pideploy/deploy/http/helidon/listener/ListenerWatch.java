package pideploy.deploy.http.helidon.listener;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Notices a listener whose accept loop has ended and restarts the server (ADR-0044). Helidon 4.5.0 ends a listener
 * for good when {@code accept} fails, for instance with "Too many open files", and its server still says it runs.
 * Two signals reach the watch: {@link #acceptLoopEnded} from the composition root, which sees Helidon's own log
 * record of the end (it needs no file descriptor, so it works while they are exhausted), and a probe that connects to
 * each listener every second and takes a refused connection as the end. While a listener is down the watch calls the
 * restarter every second until it succeeds; {@link #report()} names each listener and its state for {@code /health}.
 */
public final class ListenerWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ListenerWatch.class.getName());

    /** Restarts the HTTP server on the ports it had; throws when it cannot (the watch tries again). */
    @FunctionalInterface
    public interface Restarter {
        void restart();
    }

    /** One listener as the watch knows it: its Helidon socket name, address and the port it is bound to. */
    public record Watched(String name, String socketName, String host, IntSupplier port) {}

    /** A listener's state: up, or down since a time for a reason. */
    public record State(boolean up, Optional<Instant> downSince, Optional<String> reason, int restarts) {
        static State upAfter(int restarts) {
            return new State(true, Optional.empty(), Optional.empty(), restarts);
        }
    }

    private final Map<String, Watched> listeners = new LinkedHashMap<>();
    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Duration interval;
    private volatile Restarter restarter = () -> {
        throw new IllegalStateException("no restarter yet");
    };
    private ScheduledExecutorService ticker;
    private volatile boolean closed;

    public ListenerWatch(InstantSource clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    public synchronized void watch(Watched listener) {
        listeners.put(listener.name(), listener);
        states.put(listener.name(), State.upAfter(0));
    }

    /** Starts probing; {@code restarter} is called while a listener is down. */
    public synchronized void start(Restarter restarter) {
        this.restarter = restarter;
        if (ticker == null) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                    .daemon(true)
                    .name("pideploy-listener-watch")
                    .unstarted(r));
            ticker.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Helidon's listener for {@code socketName} logged that its accept loop ended, with {@code reason}. Unknown
     * socket names are ignored (another server in the same process).
     */
    public void acceptLoopEnded(String socketName, String reason) {
        listeners.values().stream()
                .filter(l -> l.socketName().equals(socketName))
                .findFirst()
                .ifPresent(l -> down(l, "accept loop ended: " + reason));
    }

    /** Every listener by name, with {@code UP} or {@code DOWN since ...: reason}, and its restarts. */
    public Map<String, State> states() {
        Map<String, State> out = new LinkedHashMap<>();
        listeners.keySet().forEach(n -> out.put(n, states.get(n)));
        return out;
    }

    public boolean allUp() {
        return states.values().stream().allMatch(State::up);
    }

    private void down(Watched l, String reason) {
        State before = states.get(l.name());
        if (closed || before == null || !before.up()) {
            return;
        }
        states.put(l.name(), new State(false, Optional.of(clock.instant()), Optional.of(reason), before.restarts()));
        LOG.log(
                Level.ERROR,
                "{0} listener on {1}:{2,number,#} is down ({3}); restarting the HTTP server",
                l.name(),
                l.host(),
                l.port().getAsInt(),
                reason);
    }

    private void tick() {
        if (closed) {
            return;
        }
        for (Watched l : listeners.values()) {
            if (states.get(l.name()).up() && refusesConnections(l)) {
                down(l, "not accepting connections on its port");
            }
        }
        if (allUp()) {
            return;
        }
        try {
            restarter.restart();
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "HTTP server restart failed, trying again in {0} ms: {1}",
                    interval.toMillis(),
                    e.getMessage());
            return;
        }
        for (Watched l : listeners.values()) {
            State s = states.get(l.name());
            if (!s.up()) {
                states.put(l.name(), State.upAfter(s.restarts() + 1));
                LOG.log(
                        Level.INFO,
                        "{0} listener is up again on {1}:{2,number,#} (down since {3})",
                        l.name(),
                        l.host(),
                        l.port().getAsInt(),
                        s.downSince().map(Instant::toString).orElse("?"));
            }
        }
    }

    /** Only a refused connection counts: failing to get a socket ourselves (descriptors exhausted) says nothing. */
    private static boolean refusesConnections(Watched l) {
        int port = l.port().getAsInt();
        if (port <= 0) {
            return false;
        }
        try (Socket s = new Socket()) {
            String host = l.host().equals("0.0.0.0") ? "127.0.0.1" : l.host().equals("::") ? "::1" : l.host();
            s.connect(new InetSocketAddress(InetAddress.getByName(host), port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
