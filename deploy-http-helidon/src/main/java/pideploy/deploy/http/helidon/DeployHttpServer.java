package pideploy.deploy.http.helidon;

import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http1.Http1Config;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import pideploy.deploy.http.helidon.RouteSpec.Listener;
import pideploy.deploy.http.helidon.auth.OperatorAccess;
import pideploy.deploy.http.helidon.listener.ConnectionGuard;
import pideploy.deploy.http.helidon.listener.ConnectionLimits;
import pideploy.deploy.http.helidon.listener.ListenerHealth;
import pideploy.deploy.http.helidon.listener.ListenerWatch;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.wire.ErrorCode;

/**
 * The running Helidon server with its two listeners: the device listener (Helidon's default socket) answering only
 * the deployment API, and the operator listener ({@code admin}) behind {@link OperatorAccess}. Both answer unknown
 * paths with the JSON 404 and use the same {@link ErrorMapping}. Each listener's connections go through its
 * {@link ConnectionGuard}; a {@link ListenerWatch} restarts the server when a listener's accept loop ends (ADR-0044).
 */
public final class DeployHttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeployHttpServer.class.getName());
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private final HttpSettings settings;
    private final Routes routes;
    private final OperatorAccess access;
    private final DeployMetrics metrics;
    private final ConnectionGuard deviceGuard;
    private final ConnectionGuard operatorGuard;
    private final ListenerWatch watch;
    private final StorageHealth storage;
    private volatile WebServer server;
    private volatile boolean stopping;

    private DeployHttpServer(
            HttpSettings settings, Routes routes, OperatorAccess access, DeployMetrics metrics, StorageHealth storage) {
        this.settings = settings;
        this.storage = storage;
        this.routes = routes;
        this.access = access;
        this.metrics = metrics;
        this.deviceGuard = new ConnectionGuard("device", settings.deviceLimits());
        this.operatorGuard = new ConnectionGuard("operator", settings.adminLimits());
        this.watch = new ListenerWatch(InstantSource.system(), WATCH_INTERVAL);
    }

    /**
     * Builds and starts both listeners over storage that is never full (tests of the adapter alone).
     *
     * @throws ListenerUnavailableException when either cannot bind (address in use or not on this machine)
     */
    public static DeployHttpServer start(
            HttpSettings settings, Routes routes, OperatorAccess access, DeployMetrics metrics) {
        return start(settings, routes, access, metrics, StorageHealth.unlimited(java.time.Clock.systemUTC()));
    }

    /**
     * Builds and starts both listeners; fails with the bind error if a port is taken. Writes refused for lack of
     * space are told to {@code storage}.
     */
    public static DeployHttpServer start(
            HttpSettings settings, Routes routes, OperatorAccess access, DeployMetrics metrics, StorageHealth storage) {
        Objects.requireNonNull(routes, "routes");
        DeployHttpServer s = new DeployHttpServer(settings, routes, access, metrics, storage);
        try {
            s.server = s.startServer(settings.deployPort(), settings.adminPort());
        } catch (RuntimeException e) {
            s.deviceGuard.close();
            s.operatorGuard.close();
            throw e;
        }
        s.watch.watch(new ListenerWatch.Watched(
                "device", WebServer.DEFAULT_SOCKET_NAME, settings.deployHost(), s::devicePort));
        s.watch.watch(new ListenerWatch.Watched(
                "operator", Listener.OPERATOR.socketName(), settings.adminHost(), s::adminPort));
        int device = s.devicePort();
        int admin = s.adminPort();
        s.watch.start(() -> s.restart(device, admin));
        LOG.log(
                Level.INFO,
                "device listener on {0}:{1,number,#}, operator listener on {2}:{3,number,#}",
                settings.deployHost(),
                device,
                settings.adminHost(),
                admin);
        return s;
    }

    private WebServer startServer(int devicePort, int adminPort) {
        ErrorMapping errors = new ErrorMapping(metrics, storage);
        ConnectionLimits device = settings.deviceLimits();
        ConnectionLimits operator = settings.adminLimits();
        WebServerConfig.Builder b = WebServer.builder()
                .shutdownHook(false)
                .host(settings.deployHost())
                .port(devicePort)
                .maxPayloadSize(4L * settings.maxDeviceBodyBytes())
                .shutdownGracePeriod(settings.shutdownGrace())
                // the guard's idle timeout applies first; Helidon's is the backstop
                .idleConnectionTimeout(device.idle().multipliedBy(2))
                .maxTcpConnections(2 * device.maxConnections())
                .protocolsDiscoverServices(false)
                .addConnectionSelector(deviceGuard.selector(http1(deviceGuard)))
                .directHandlers(errors.directHandlers())
                .routing(r -> routing(r, routes, Listener.DEVICE, errors, metrics))
                .putSocket(
                        Listener.OPERATOR.socketName(),
                        s -> s.host(settings.adminHost())
                                .port(adminPort)
                                // unlimited: image uploads; JSON bodies are limited by Json.readBody, anonymous ones
                                // refused
                                .maxPayloadSize(-1)
                                .shutdownGracePeriod(settings.shutdownGrace())
                                .idleConnectionTimeout(operator.idle().multipliedBy(2))
                                .maxTcpConnections(2 * operator.maxConnections())
                                .protocolsDiscoverServices(false)
                                .addConnectionSelector(operatorGuard.selector(http1(operatorGuard)))
                                .directHandlers(errors.directHandlers())
                                .routing(r -> {
                                    r.addFilter(access);
                                    routing(r, routes, Listener.OPERATOR, errors, metrics);
                                }));
        WebServer started = b.build().start();
        // Helidon logs a listener's bind failure with a stack trace and stops every listener (port -1), and start()
        // returns as if all were well. Find the address that cannot be bound and say so, by name.
        if (!started.isRunning() || started.port() < 0 || started.port(Listener.OPERATOR.socketName()) < 0) {
            started.stop();
            throw unavailable(settings);
        }
        return started;
    }

    private static Http1Config http1(ConnectionGuard guard) {
        return Http1Config.builder().addReceiveListener(guard.headListener()).build();
    }

    /** Replaces the server by a new one on the same ports (Helidon cannot restart a listener alone). */
    private synchronized void restart(int devicePort, int adminPort) {
        if (stopping) {
            return;
        }
        WebServer old = server;
        if (old.isRunning()) {
            old.stop();
        }
        server = startServer(devicePort, adminPort);
    }

    /** The error for the listener that did not bind, with the operating system's reason learned by binding again. */
    private static ListenerUnavailableException unavailable(HttpSettings settings) {
        record Address(String host, int port, String listener, String setting) {}
        List<Address> addresses = List.of(
                new Address(settings.deployHost(), settings.deployPort(), "device", "deploy-listen"),
                new Address(settings.adminHost(), settings.adminPort(), "operator", "admin-listen"));
        for (Address a : addresses) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(a.host(), a.port()));
            } catch (IOException e) {
                String reason = e.getMessage() == null
                        ? e.getClass().getSimpleName()
                        : e.getMessage().toLowerCase(Locale.ROOT);
                LOG.log(
                        Level.ERROR,
                        "{0} listener cannot listen on {1}:{2,number,#}: {3}",
                        a.listener(),
                        a.host(),
                        a.port(),
                        reason);
                return new ListenerUnavailableException(a.host() + ":" + a.port(), a.listener(), a.setting(), reason);
            }
        }
        Address a = addresses.get(settings.deployPort() == 0 ? 1 : 0);
        return new ListenerUnavailableException(
                a.host() + ":" + a.port(),
                a.listener(),
                a.setting(),
                "it was taken while the server started (the log above has the error)");
    }

    private static void routing(
            HttpRouting.Builder r, Routes routes, Listener listener, ErrorMapping errors, DeployMetrics metrics) {
        String label = listener == Listener.DEVICE ? "device" : "operator";
        r.addFilter((chain, req, res) -> {
            long t0 = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                metrics.request(
                        label,
                        req.matchingPattern().orElse("unmatched"),
                        res.status().code(),
                        Duration.ofNanos(System.nanoTime() - t0));
            }
        });
        errors.register(r);
        for (Routes.Bound bound : routes.on(listener)) {
            r.route(bound.spec().method(), bound.spec().path(), bound.handler());
        }
        // Whatever is left is not ours; say so in JSON on both listeners.
        r.any((req, res) -> Json.sendError(
                res,
                ErrorCode.NOT_FOUND,
                "no such route: %s %s"
                        .formatted(
                                req.prologue().method().text(),
                                printable(req.path().path()))));
    }

    public int devicePort() {
        return server.port();
    }

    public int adminPort() {
        return server.port(Listener.OPERATOR.socketName());
    }

    public HttpSettings settings() {
        return settings;
    }

    public boolean isRunning() {
        return !stopping && server.isRunning();
    }

    /**
     * Helidon logged that the accept loop of its socket {@code socketName} ended ({@code @default} is the device
     * listener): the composition root forwards that record here so the server restarts without waiting for a probe.
     */
    public void acceptLoopEnded(String socketName, String reason) {
        watch.acceptLoopEnded(socketName, reason);
    }

    /** Each listener's state and connection counts, for {@code /health}. */
    public ListenerHealth health() {
        Map<String, Object> out = new LinkedHashMap<>();
        watch.states().forEach((name, state) -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("status", state.up() ? "UP" : "DOWN");
            state.downSince().ifPresent(t -> l.put("down_since", t.toString()));
            state.reason().ifPresent(r -> l.put("reason", r));
            l.put("restarts", state.restarts());
            l.putAll((name.equals("device") ? deviceGuard : operatorGuard).report());
            out.put(name, l);
        });
        return new ListenerHealth(watch.allUp(), out);
    }

    /** The guard of a listener, for tests and metrics. */
    public ConnectionGuard guard(Listener listener) {
        return listener == Listener.DEVICE ? deviceGuard : operatorGuard;
    }

    /** Stops accepting, lets in-flight requests finish within the grace period, then closes the listeners. */
    public synchronized void stop() {
        stopping = true;
        watch.close();
        if (server.isRunning()) {
            server.stop();
            LOG.log(Level.INFO, "HTTP listeners stopped");
        }
        deviceGuard.close();
        operatorGuard.close();
    }

    @Override
    public void close() {
        stop();
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && i < 120; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return b.toString();
    }

    static boolean isHead(Method m) {
        return m == Method.HEAD;
    }
}
