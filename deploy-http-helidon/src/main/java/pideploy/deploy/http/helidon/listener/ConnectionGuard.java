package pideploy.deploy.http.helidon.listener;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.http.Headers;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Admits, times and drops the connections of one listener (ADR-0044). Helidon hands every accepted socket to
 * {@link #selector(Http1Config)}, the listener's only connection selector, before reading a byte: the guard counts
 * the connection against the listener's and its address's cap there, and wraps it so that its reads and writes are
 * timed. A sweep every quarter second closes the sockets of connections past a deadline. Refusals and drops are
 * counted for {@code /health} and summarised in the log at most every ten seconds, not once per connection: a flood
 * must not become a flood of log lines.
 */
public final class ConnectionGuard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
    private static final Duration SWEEP = Duration.ofMillis(250);
    private static final long SUMMARY_NANOS = Duration.ofSeconds(10).toNanos();
    private static final String REFUSED_TEMPLATE =
            "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    + "Retry-After: 2\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s";
    /** How long a refused client has to send its request head and then close after reading the 503. */
    private static final Duration REFUSAL_LINGER = Duration.ofSeconds(1);
    /** Refusals lingering at once; beyond, a refusal is answered at once (a flood must not hold descriptors). */
    private static final int MAX_LINGERING_REFUSALS = 256;

    private static final int MAX_REFUSED_HEAD_BYTES = 16 * 1024;
    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    /** Why a connection was refused at admission or closed by the guard. */
    public enum Outcome {
        REFUSED_LISTENER_FULL("refused: listener at its connection cap, none idle"),
        REFUSED_ADDRESS_FULL("refused: client address at its connection cap"),
        EVICTED_IDLE("closed while idle to admit a new connection at the cap"),
        REQUEST_HEAD_TIMEOUT("closed: request headers not complete in time"),
        READ_STALLED("closed: request body stalled"),
        WRITE_STALLED("closed: client stopped reading the response"),
        IDLE_TIMEOUT("closed: idle too long");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    private final String listener;
    private final ConnectionLimits limits;
    private final LongSupplier nanos;
    private final Set<GuardedConnection> open = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private final Map<Outcome, AtomicLong> counts = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Long> logged = new EnumMap<>(Outcome.class);
    private final ScheduledExecutorService sweeper;
    private final AtomicInteger lingering = new AtomicInteger();
    private volatile InetAddress lastRefused;
    private long lastSummary;

    public ConnectionGuard(String listener, ConnectionLimits limits) {
        this(listener, limits, System::nanoTime);
    }

    ConnectionGuard(String listener, ConnectionLimits limits, LongSupplier nanos) {
        this.listener = listener;
        this.limits = limits;
        this.nanos = nanos;
        for (Outcome o : Outcome.values()) {
            counts.put(o, new AtomicLong());
            logged.put(o, 0L);
        }
        this.lastSummary = nanos.getAsLong();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .daemon(true)
                .name("pideploy-" + listener + "-connection-guard")
                .unstarted(r));
        sweeper.scheduleWithFixedDelay(this::sweepSafely, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /**
     * The listener's one connection selector: every connection goes through the guard, then Helidon's HTTP/1
     * connection. Being the only candidate, Helidon asks it for the connection without waiting for the first bytes.
     */
    public ServerConnectionSelector selector(Http1Config http1) {
        Http1ConnectionSelector http =
                Http1ConnectionSelector.builder().config(http1).build();
        return new ServerConnectionSelector() {
            @Override
            public int bytesToIdentifyConnection() {
                return 0;
            }

            @Override
            public Support supports(BufferData request) {
                return Support.SUPPORTED;
            }

            @Override
            public Set<String> supportedApplicationProtocols() {
                return http.supportedApplicationProtocols();
            }

            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                return admit(ctx, http);
            }
        };
    }

    /** Tells the guard when a request's headers are complete; add it to the listener's HTTP/1 receive listeners. */
    public Http1ConnectionListener headListener() {
        return new Http1ConnectionListener() {
            @Override
            public void headers(ConnectionContext ctx, Headers headers) {
                if (ctx instanceof GuardedConnection c) {
                    c.headersRead();
                }
            }
        };
    }

    /** Open connections now and the refusals and drops counted since start, by outcome. */
    public Map<String, Object> report() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("open_connections", open.size());
        r.put("max_connections", limits.maxConnections());
        r.put("max_connections_per_address", limits.maxPerAddress());
        Map<String, Long> byOutcome = new LinkedHashMap<>();
        counts.forEach((o, n) -> byOutcome.put(o.name().toLowerCase(java.util.Locale.ROOT), n.get()));
        r.put("connections_closed_by_guard", byOutcome);
        return r;
    }

    public long count(Outcome outcome) {
        return counts.get(outcome).get();
    }

    public int openConnections() {
        return open.size();
    }

    /** Admitted connections from {@code address} still open: what its cap bounds. */
    public synchronized int openConnectionsFrom(InetAddress address) {
        return perAddress.getOrDefault(address, 0);
    }

    private ServerConnection admit(ConnectionContext ctx, Http1ConnectionSelector http) {
        InetAddress address = ctx.remotePeer().address() instanceof InetSocketAddress isa
                ? isa.getAddress()
                : InetAddress.getLoopbackAddress();
        GuardedConnection c = new GuardedConnection(ctx, address, this, nanos);
        GuardedConnection evict = null;
        synchronized (this) {
            int fromAddress = perAddress.getOrDefault(address, 0);
            if (fromAddress >= limits.maxPerAddress()) {
                return refuse(ctx, address, Outcome.REFUSED_ADDRESS_FULL);
            }
            if (open.size() >= limits.maxConnections()) {
                evict = longestIdle();
                if (evict == null) {
                    return refuse(ctx, address, Outcome.REFUSED_LISTENER_FULL);
                }
                forget(evict);
            }
            perAddress.put(address, fromAddress + 1);
            open.add(c);
        }
        if (evict != null) {
            counts.get(Outcome.EVICTED_IDLE).incrementAndGet();
            evict.drop();
        }
        return c.over(http::connection);
    }

    void release(GuardedConnection c) {
        synchronized (this) {
            forget(c);
        }
    }

    private void forget(GuardedConnection c) {
        if (open.remove(c)) {
            perAddress.computeIfPresent(c.address(), (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    private GuardedConnection longestIdle() {
        GuardedConnection oldest = null;
        for (GuardedConnection c : open) {
            if (c.isIdle() && (oldest == null || c.readBlockedSince() < oldest.readBlockedSince())) {
                oldest = c;
            }
        }
        return oldest;
    }

    private ServerConnection refuse(ConnectionContext ctx, InetAddress address, Outcome why) {
        lastRefused = address;
        counts.get(why).incrementAndGet();
        String body = "{\"error\":{\"code\":\"TOO_MANY_CONNECTIONS\",\"message\":\"%s listener %s; retry later\"}}"
                .formatted(
                        listener,
                        why == Outcome.REFUSED_ADDRESS_FULL
                                ? "has %d connections from your address".formatted(limits.maxPerAddress())
                                : "has its %d connections busy".formatted(limits.maxConnections()));
        byte[] answer = REFUSED_TEMPLATE.formatted(body.length(), body).getBytes(StandardCharsets.US_ASCII);
        return new ServerConnection() {
            @Override
            public void handle(Limit limit) {
                if (lingering.incrementAndGet() > MAX_LINGERING_REFUSALS) {
                    // A flood of refusals: each would hold a descriptor for the linger; answer and close at once.
                    lingering.decrementAndGet();
                    answerOnce(ctx, answer, new AtomicBoolean());
                    return;
                }
                try {
                    answerAfterReading(ctx, answer);
                } finally {
                    lingering.decrementAndGet();
                }
            }

            @Override
            public Duration idleTime() {
                return Duration.ZERO;
            }

            @Override
            public void close(boolean interrupt) {
                // ends by itself after the answer
            }
        };
    }

    /**
     * Reads the request head (up to {@link #MAX_REFUSED_HEAD_BYTES}), answers, then reads on until the client closes,
     * all within {@link #REFUSAL_LINGER}. A socket closed with the request unread sends the client a reset, and a
     * client that is still writing its request (Java's HttpClient is) then sees "broken pipe" or "connection reset"
     * instead of the 503 and its Retry-After. At the deadline the answer goes out if it has not, and the socket closes.
     */
    private void answerAfterReading(ConnectionContext ctx, byte[] answer) {
        HelidonSocket socket = ctx.serverSocket();
        AtomicBoolean answered = new AtomicBoolean();
        ScheduledFuture<?> deadline = sweeper.schedule(
                () -> {
                    answerOnce(ctx, answer, answered);
                    socket.close();
                },
                REFUSAL_LINGER.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            int read = 0;
            int endOfHead = 0;
            byte[] bytes;
            while ((bytes = socket.get()) != null) {
                if (!answered.get()) {
                    for (int i = 0; i < bytes.length && endOfHead < 4; i++) {
                        endOfHead = bytes[i] == HEAD_END[endOfHead] ? endOfHead + 1 : bytes[i] == '\r' ? 1 : 0;
                    }
                    read += bytes.length;
                    if (endOfHead == 4 || read >= MAX_REFUSED_HEAD_BYTES) {
                        answerOnce(ctx, answer, answered);
                    }
                }
            }
            answerOnce(ctx, answer, answered);
        } catch (RuntimeException e) {
            // closed at the deadline or by the client; the connection ends either way
        } finally {
            deadline.cancel(false);
        }
    }

    private static void answerOnce(ConnectionContext ctx, byte[] answer, AtomicBoolean answered) {
        if (answered.compareAndSet(false, true)) {
            try {
                ctx.dataWriter().writeNow(BufferData.create(answer));
            } catch (RuntimeException e) {
                // the client is gone already
            }
        }
    }

    private void sweepSafely() {
        try {
            sweep(nanos.getAsLong());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "connection guard of the " + listener + " listener failed a sweep", e);
        }
    }

    /** Closes every connection past its deadline at {@code now}; logs the summary when due. */
    void sweep(long now) {
        List<GuardedConnection> late = new ArrayList<>();
        List<Outcome> why = new ArrayList<>();
        for (GuardedConnection c : open) {
            Outcome o = overdue(c, now);
            if (o != null && !c.isDropped()) {
                late.add(c);
                why.add(o);
            }
        }
        for (int i = 0; i < late.size(); i++) {
            counts.get(why.get(i)).incrementAndGet();
            late.get(i).drop();
        }
        if (now - lastSummary >= SUMMARY_NANOS) {
            lastSummary = now;
            logSummary();
        }
    }

    private Outcome overdue(GuardedConnection c, long now) {
        long write = c.writeBlockedSince();
        if (write != GuardedConnection.NOT_BLOCKED
                && now - write > limits.writeStall().toNanos()) {
            return Outcome.WRITE_STALLED;
        }
        if (c.phase() == GuardedConnection.Phase.HEAD
                && now - c.phaseSince() > limits.requestHead().toNanos()) {
            return Outcome.REQUEST_HEAD_TIMEOUT;
        }
        long read = c.readBlockedSince();
        if (read == GuardedConnection.NOT_BLOCKED) {
            return null;
        }
        return switch (c.phase()) {
            case IDLE -> now - read > limits.idle().toNanos() ? Outcome.IDLE_TIMEOUT : null;
            case BODY -> now - read > limits.readStall().toNanos() ? Outcome.READ_STALLED : null;
            case HEAD -> null;
        };
    }

    private void logSummary() {
        StringBuilder b = new StringBuilder();
        for (Outcome o : Outcome.values()) {
            long n = counts.get(o).get();
            long delta = n - logged.get(o);
            if (delta > 0 && o != Outcome.IDLE_TIMEOUT) {
                b.append(b.isEmpty() ? "" : "; ").append(delta).append(' ').append(o.text());
            }
            logged.put(o, n);
        }
        if (!b.isEmpty()) {
            InetAddress last = lastRefused;
            LOG.log(
                    Level.WARNING,
                    "{0} listener, last 10 s: {1} ({2} open of {3}{4})",
                    listener,
                    b,
                    open.size(),
                    limits.maxConnections(),
                    last == null ? "" : "; last refused " + last.getHostAddress());
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
