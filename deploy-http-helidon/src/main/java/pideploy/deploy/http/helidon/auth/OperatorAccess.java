package pideploy.deploy.http.helidon.auth;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;

/**
 * Guards the operator listener: everything under {@code /api/v1/} and {@code /metrics} needs an authenticated
 * operator, except the login itself. State-changing requests made with a session cookie must carry the session's
 * CSRF token in {@value #CSRF_HEADER}; with Basic credentials (which browsers may also replay on their own) they must
 * not come from another origin. The authenticated {@link Operator} is put into the request context for handlers.
 */
public final class OperatorAccess implements Filter {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final HeaderName CSRF = HeaderNames.create(CSRF_HEADER);
    private static final HeaderName SEC_FETCH_MODE = HeaderNames.create("Sec-Fetch-Mode");
    private static final Set<Method> SAFE = Set.of(Method.GET, Method.HEAD, Method.OPTIONS);

    private final Authenticator authenticator;

    public OperatorAccess(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        Method method = req.prologue().method();
        boolean protectedPath = path.equals("/api/v1") || path.startsWith("/api/v1/") || path.equals("/metrics");
        boolean login = method == Method.POST && path.equals("/api/v1/session");
        if (!protectedPath || login) {
            chain.proceed();
            return;
        }
        switch (authenticator.authenticate(req)) {
            case Authenticator.Outcome.Anonymous a ->
                refuse(req, res, "log in first: HTTP Basic or POST /api/v1/session");
            case Authenticator.Outcome.Refused r -> refuse(req, res, r.reason());
            case Authenticator.Outcome.Busy b -> {
                res.header(HeaderNames.RETRY_AFTER, Long.toString(b.retryAfter().toSeconds()));
                Json.sendError(
                        res,
                        503,
                        "LOGIN_BUSY",
                        "too many logins are being checked at once; retry in %d s"
                                .formatted(b.retryAfter().toSeconds()));
            }
            case Authenticator.Outcome.Throttled t -> {
                res.header(
                        HeaderNames.RETRY_AFTER,
                        Long.toString(Math.max(1, t.retryAfter().toSeconds())));
                Json.sendError(
                        res,
                        429,
                        "TOO_MANY_ATTEMPTS",
                        "too many failed logins; retry in %d s"
                                .formatted(Math.max(1, t.retryAfter().toSeconds())));
            }
            case Authenticator.Outcome.Authenticated ok -> {
                if (!SAFE.contains(method)) {
                    Optional<String> why = ok.session().isPresent()
                            ? csrfProblem(req, ok.session().get().csrfToken())
                            : crossOriginProblem(req);
                    if (why.isPresent()) {
                        Json.sendError(res, 403, "CSRF", why.get());
                        return;
                    }
                }
                req.context().register(ok.operator());
                ok.session().ifPresent(s -> req.context().register(s));
                chain.proceed();
            }
        }
    }

    /**
     * {@code handler}, answered only for operators whose role covers {@code needed} (ADR-0043); others get 403
     * {@code FORBIDDEN} naming their role and the one needed. Runs after this filter, so the operator is known.
     */
    public static Handler requiring(Role needed, Handler handler) {
        return (req, res) -> {
            Operator op = operator(req);
            if (op.role().covers(needed)) {
                handler.handle(req, res);
            } else {
                Json.sendError(
                        res,
                        403,
                        "FORBIDDEN",
                        "%s %s needs role %s; %s has role %s (an admin can change it)"
                                .formatted(
                                        req.prologue().method().text(),
                                        req.path().path(),
                                        needed.wire(),
                                        op.username(),
                                        op.role().wire()));
            }
        };
    }

    /** The operator of a request that passed this filter. */
    public static Operator operator(ServerRequest req) {
        return req.context()
                .get(Operator.class)
                .orElseThrow(() -> new ApiProblem(401, "UNAUTHENTICATED", "log in first"));
    }

    public static Optional<Sessions.Session> session(ServerRequest req) {
        return req.context().get(Sessions.Session.class);
    }

    private static void refuse(RoutingRequest req, RoutingResponse res, String why) {
        // A Basic challenge makes browsers open their own password dialog, even for the web UI's fetch() and
        // EventSource requests (and headless Chromium then waits forever). Those send Sec-Fetch-Mode other than
        // "navigate"; they get the plain 401 and the UI shows its login page. Scripts and address-bar visits still
        // get the challenge.
        String mode = req.headers().first(SEC_FETCH_MODE).orElse("navigate");
        if (mode.equalsIgnoreCase("navigate")) {
            res.header(HeaderNames.WWW_AUTHENTICATE, "Basic realm=\"PiDeploy\", charset=\"UTF-8\"");
        }
        Json.sendError(res, 401, "UNAUTHENTICATED", why);
    }

    private static Optional<String> csrfProblem(ServerRequest req, String expected) {
        Optional<String> sent = req.headers().first(CSRF);
        if (sent.isEmpty()) {
            return Optional.of("header %s is required on state-changing requests; GET /api/v1/session gives it"
                    .formatted(CSRF_HEADER));
        }
        boolean same = MessageDigest.isEqual(
                sent.get().getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
        return same ? Optional.empty() : Optional.of("header %s does not match this session".formatted(CSRF_HEADER));
    }

    private static Optional<String> crossOriginProblem(ServerRequest req) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            return Optional.empty();
        }
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        try {
            URI o = URI.create(origin.get().trim());
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            if (authority != null && authority.equalsIgnoreCase(host)) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            // fall through: an unparseable Origin is as foreign as any
        }
        return Optional.of("cross-origin state-changing request refused (Origin %s)".formatted(origin.get()));
    }
}
