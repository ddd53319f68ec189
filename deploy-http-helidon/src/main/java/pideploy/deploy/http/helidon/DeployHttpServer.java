package pideploy.deploy.http.helidon;

import io.helidon.http.Method;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import pideploy.deploy.http.helidon.RouteSpec.Listener;
import pideploy.deploy.http.helidon.auth.OperatorAccess;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.wire.ErrorCode;

/**
 * The running Helidon server with its two listeners: the device listener (Helidon's default socket) answering only
 * the deployment API, and the operator listener ({@code admin}) behind {@link OperatorAccess}. Both answer unknown
 * paths with the JSON 404 and use the same {@link ErrorMapping}.
 */
public final class DeployHttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DeployHttpServer.class.getName());

    private final WebServer server;
    private final HttpSettings settings;

    private DeployHttpServer(WebServer server, HttpSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    /**
     * Builds and starts both listeners.
     *
     * @throws ListenerUnavailableException when either cannot bind (address in use or not on this machine)
     */
    public static DeployHttpServer start(HttpSettings settings, Routes routes, OperatorAccess access,
            DeployMetrics metrics) {
        Objects.requireNonNull(routes, "routes");
        ErrorMapping errors = new ErrorMapping(metrics);
        WebServerConfig.Builder b = WebServer.builder()
                .shutdownHook(false)
                .host(settings.deployHost())
                .port(settings.deployPort())
                .maxPayloadSize(4L * settings.maxDeviceBodyBytes())
                .shutdownGracePeriod(settings.shutdownGrace())
                .idleConnectionTimeout(Duration.ofMinutes(2))
                .directHandlers(errors.directHandlers())
                .routing(r -> routing(r, routes, Listener.DEVICE, errors, metrics))
                .putSocket(Listener.OPERATOR.socketName(), s -> s
                        .host(settings.adminHost())
                        .port(settings.adminPort())
                        // unlimited: image uploads; JSON bodies are limited by Json.readBody, anonymous ones refused
                        .maxPayloadSize(-1)
                        .shutdownGracePeriod(settings.shutdownGrace())
                        .directHandlers(errors.directHandlers())
                        .routing(r -> {
                            r.addFilter(access);
                            routing(r, routes, Listener.OPERATOR, errors, metrics);
                        }));
        WebServer server = b.build().start();
        // Helidon logs a listener's bind failure with a stack trace and stops every listener (port -1), and start()
        // returns as if all were well. Find the address that cannot be bound and say so, by name.
        if (server.port() < 0 || server.port(Listener.OPERATOR.socketName()) < 0) {
            server.stop();
            throw unavailable(settings);
        }
        DeployHttpServer s = new DeployHttpServer(server, settings);
        LOG.log(Level.INFO, "device listener on {0}:{1,number,#}, operator listener on {2}:{3,number,#}",
                settings.deployHost(), s.devicePort(), settings.adminHost(), s.adminPort());
        return s;
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
                String reason = e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage().toLowerCase(Locale.ROOT);
                LOG.log(Level.ERROR, "{0} listener cannot listen on {1}:{2,number,#}: {3}", a.listener(), a.host(),
                        a.port(), reason);
                return new ListenerUnavailableException(a.host() + ":" + a.port(), a.listener(), a.setting(), reason);
            }
        }
        Address a = addresses.get(settings.deployPort() == 0 ? 1 : 0);
        return new ListenerUnavailableException(a.host() + ":" + a.port(), a.listener(), a.setting(),
                "it was taken while the server started (the log above has the error)");
    }

    private static void routing(HttpRouting.Builder r, Routes routes, Listener listener, ErrorMapping errors,
            DeployMetrics metrics) {
        String label = listener == Listener.DEVICE ? "device" : "operator";
        r.addFilter((chain, req, res) -> {
            long t0 = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                metrics.request(label, req.matchingPattern().orElse("unmatched"), res.status().code(),
                        Duration.ofNanos(System.nanoTime() - t0));
            }
        });
        errors.register(r);
        for (Routes.Bound bound : routes.on(listener)) {
            r.route(bound.spec().method(), bound.spec().path(), bound.handler());
        }
        // Whatever is left is not ours; say so in JSON on both listeners.
        r.any((req, res) -> Json.sendError(res, ErrorCode.NOT_FOUND,
                "no such route: %s %s".formatted(req.prologue().method().text(), printable(req.path().path()))));
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
        return server.isRunning();
    }

    /** Stops accepting, lets in-flight requests finish within the grace period, then closes the listeners. */
    public void stop() {
        if (server.isRunning()) {
            server.stop();
            LOG.log(Level.INFO, "HTTP listeners stopped");
        }
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
