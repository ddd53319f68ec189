package pideploy.deploy.http.helidon.auth;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;

/**
 * Browser login: {@code POST /api/v1/session} with {@code {username, password}} sets the session cookie and answers
 * the CSRF token; {@code GET} tells who is logged in (and the token again, after a page reload); {@code DELETE} logs
 * out.
 */
public final class SessionApi {
    /**
     * Answer of login and session lookups. csrf_token is null for Basic- and token-authenticated callers; role is
     * what the account may do (ADR-0043), for the web UI to offer only what will be allowed.
     */
    public record SessionBody(
            String username, String csrf_token, String method, long idle_timeout_seconds, String role) {}

    private final Authenticator authenticator;
    private final Sessions sessions;
    private final AuditTrail audit;
    private final int maxBodyBytes;

    public SessionApi(Authenticator authenticator, Sessions sessions, AuditTrail audit, int maxBodyBytes) {
        this.authenticator = authenticator;
        this.sessions = sessions;
        this.audit = audit;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void login(ServerRequest req, ServerResponse res) {
        JsonFields body = Json.readObject(req, maxBodyBytes);
        String username = body.text("username", 64);
        String password = body.text("password", 1024);
        String address = req.remotePeer().host();
        switch (authenticator.checkPassword(username, password, address)) {
            case Authenticator.Outcome.Authenticated ok -> {
                Sessions.Session s = sessions.open(ok.operator().username());
                res.header(
                        HeaderNames.SET_COOKIE,
                        "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d"
                                .formatted(
                                        Authenticator.SESSION_COOKIE,
                                        s.id(),
                                        sessions.idleTimeout().toSeconds()));
                audit.record(
                        new Operator(
                                s.username(),
                                Operator.Method.SESSION,
                                address,
                                ok.operator().role()),
                        "session.login",
                        "",
                        "");
                Json.send(
                        res,
                        Status.OK_200,
                        body(
                                s.username(),
                                Optional.of(s),
                                Operator.Method.SESSION,
                                ok.operator().role()));
            }
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
            case Authenticator.Outcome.Refused r -> Json.sendError(res, 401, "UNAUTHENTICATED", r.reason());
            case Authenticator.Outcome.Anonymous a -> Json.sendError(res, 401, "UNAUTHENTICATED", "log in first");
        }
    }

    public void current(ServerRequest req, ServerResponse res) {
        Operator op = OperatorAccess.operator(req);
        Json.send(res, body(op.username(), OperatorAccess.session(req), op.method(), op.role()));
    }

    public void logout(ServerRequest req, ServerResponse res) {
        Operator op = OperatorAccess.operator(req);
        OperatorAccess.session(req).ifPresent(s -> sessions.close(s.id()));
        res.header(
                HeaderNames.SET_COOKIE,
                "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0".formatted(Authenticator.SESSION_COOKIE));
        audit.record(op, "session.logout", "", "");
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    private SessionBody body(String username, Optional<Sessions.Session> s, Operator.Method method, Role role) {
        return new SessionBody(
                username,
                s.map(Sessions.Session::csrfToken).orElse(null),
                method.name().toLowerCase(java.util.Locale.ROOT),
                sessions.idleTimeout().toSeconds(),
                role.wire());
    }
}
