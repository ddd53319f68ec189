package pideploy.deploy.http.helidon;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.auth.Authenticator;
import pideploy.deploy.http.helidon.auth.LoginThrottle;
import pideploy.deploy.http.helidon.auth.OperatorAccess;
import pideploy.deploy.http.helidon.auth.PasswordChecks;
import pideploy.deploy.http.helidon.auth.PasswordHash;
import pideploy.deploy.http.helidon.auth.SessionApi;
import pideploy.deploy.http.helidon.auth.Sessions;
import pideploy.deploy.http.helidon.events.EventBroker;
import pideploy.deploy.http.helidon.events.SseHandler;
import pideploy.deploy.http.helidon.image.ImageFileHandler;
import pideploy.deploy.http.helidon.image.ServedFile;
import pideploy.deploy.http.helidon.metrics.DeployMetrics;
import pideploy.deploy.http.helidon.web.WebFiles;

/**
 * The adapter's own parts on a real server with loopback ports, without the core: image files from a map, one user,
 * the session API, live events, and every other route answering {@code {"route": "..."}} so access rules can be
 * tested on all of them.
 */
final class StubServer implements AutoCloseable {
    static final String USER = "admin";
    static final String PASSWORD = "correct horse battery";

    final Map<String, ServedFile> images = new ConcurrentHashMap<>();
    final List<String> audit = new CopyOnWriteArrayList<>();
    final DeployMetrics metrics = new DeployMetrics();
    final EventBroker broker = new EventBroker(50, Duration.ofSeconds(1), Clock.systemUTC());
    final PasswordChecks passwordChecks = PasswordChecks.forThisMachine();
    final DeployHttpServer server;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    StubServer() {
        this(HttpSettings.ephemeral());
    }

    StubServer(HttpSettings settings) {
        var users = new pideploy.deploy.core.fake.InMemoryUserRepository();
        users.add(new pideploy.deploy.core.operator.User(
                USER, PasswordHash.hash(PASSWORD.toCharArray(), 10_000), java.time.Instant.now(), Role.ADMIN));
        Sessions sessions = new Sessions(
                new pideploy.deploy.core.fake.InMemorySessionRepository(), Clock.systemUTC(), Duration.ofMinutes(10));
        AuditTrail trail = (op, action, target, details) ->
                audit.add(op.username() + " " + action + (target.isEmpty() ? "" : " " + target));
        Authenticator auth = new Authenticator(
                TestOperators.over(users).authenticate(),
                sessions,
                new pideploy.deploy.core.fake.InMemoryApiTokenRepository(),
                new LoginThrottle(Clock.systemUTC()),
                passwordChecks,
                Clock.systemUTC());
        SessionApi sessionApi = new SessionApi(auth, sessions, trail, 4096);
        Routes.Builder b = Routes.builder()
                .bind(
                        RouteTable.IMAGE_GET,
                        new ImageFileHandler(n -> Optional.ofNullable(images.get(n)), metrics, Clock.systemUTC()))
                .bind(
                        RouteTable.IMAGE_HEAD,
                        new ImageFileHandler(n -> Optional.ofNullable(images.get(n)), metrics, Clock.systemUTC()))
                .bind(RouteTable.LOGIN, sessionApi::login)
                .bind(RouteTable.SESSION, sessionApi::current)
                .bind(RouteTable.LOGOUT, sessionApi::logout)
                .bind(RouteTable.EVENTS, new SseHandler(broker, metrics, Duration.ofMillis(300)))
                .bind(RouteTable.METRICS, (req, res) -> res.send(metrics.scrape()))
                .bind(
                        RouteTable.CONFIG,
                        (req, res) ->
                                Json.send(res, Json.readObject(req, 16 * 1024).text("serial_number", 64)))
                .bind(RouteTable.WEB, new WebFiles("/web"));
        for (RouteSpec spec : RouteTable.ALL) {
            if (!b.isBound(spec)) {
                b.bind(spec, (req, res) -> Json.send(res, Map.of("route", spec.toString())));
            }
        }
        server = DeployHttpServer.start(settings, b.build(), new OperatorAccess(auth), metrics);
    }

    URI device(String path) {
        return URI.create("http://127.0.0.1:" + server.devicePort() + path);
    }

    URI admin(String path) {
        return URI.create("http://127.0.0.1:" + server.adminPort() + path);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(HttpRequest.Builder req) throws Exception {
        return http.send(req.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> sendBytes(HttpRequest.Builder req) throws Exception {
        return http.send(req.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() {
        broker.close();
        server.stop();
        passwordChecks.close();
    }
}
