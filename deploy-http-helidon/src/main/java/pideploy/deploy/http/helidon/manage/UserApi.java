package pideploy.deploy.http.helidon.manage;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.auth.ApiTokens;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.auth.Authenticator;
import pideploy.deploy.http.helidon.auth.OperatorAccess;
import pideploy.deploy.http.helidon.auth.PasswordHash;
import pideploy.deploy.http.helidon.view.Views;

/** Operator accounts and the audit log. Every operator may manage accounts; the last account cannot be removed. */
public final class UserApi {
    public static final int MIN_PASSWORD_LENGTH = 10;

    private final UserRepository users;
    private final ApiTokenRepository tokens;
    private final AuditLog auditLog;
    private final AuditTrail audit;
    private final Authenticator authenticator;
    private final InstantSource clock;
    private final int maxBody;

    public UserApi(UserRepository users, ApiTokenRepository tokens, AuditLog auditLog, AuditTrail audit,
            Authenticator authenticator, InstantSource clock, int maxBody) {
        this.users = users;
        this.tokens = tokens;
        this.auditLog = auditLog;
        this.audit = audit;
        this.authenticator = authenticator;
        this.clock = clock;
        this.maxBody = maxBody;
    }

    public void list(ServerRequest req, ServerResponse res) {
        Json.send(res, users.list().stream().map(Views.UserView::of).toList());
    }

    public void add(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBody);
        String username = JsonFields.parse("username", f.text("username", 64), User::validateUsername);
        String password = password(f);
        try {
            users.add(new User(username, PasswordHash.hash(password.toCharArray()), clock.instant()));
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("ALREADY_EXISTS", "user %s exists already".formatted(username));
        }
        Audited.record(audit, req, "user.add", username, "");
        Json.send(res, Status.CREATED_201, Views.UserView.of(users.find(username).orElseThrow()));
    }

    public void changePassword(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        String password = password(Json.readObject(req, maxBody));
        if (!users.updatePasswordHash(username, PasswordHash.hash(password.toCharArray()))) {
            throw ApiProblem.notFound("user %s does not exist".formatted(username));
        }
        authenticator.forget(username);
        Audited.record(audit, req, "user.password", username, "");
        Json.send(res, Map.of("username", username, "changed", true));
    }

    public void delete(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        if (users.find(username).isPresent() && users.list().size() <= 1) {
            throw ApiProblem.conflict("LAST_USER", "user %s is the last account and cannot be removed"
                    .formatted(username));
        }
        if (!users.delete(username)) {
            throw ApiProblem.notFound("user %s does not exist".formatted(username));
        }
        authenticator.forget(username);
        tokens.deleteAllOf(username);
        Audited.record(audit, req, "user.delete", username,
                username.equals(OperatorAccess.operator(req).username()) ? "removed own account" : "");
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    /** {@code GET /api/v1/users/{username}/tokens}: the user's API tokens, without secrets, oldest first. */
    public void tokens(ServerRequest req, ServerResponse res) {
        String username = existingUser(req);
        Json.send(res, tokens.listOf(username).stream().map(Views.ApiTokenView::of).toList());
    }

    /** {@code POST /api/v1/users/{username}/tokens {label?}}: a new token; the answer is the only place its secret shows. */
    public void addToken(ServerRequest req, ServerResponse res) {
        String username = existingUser(req);
        JsonFields f = Json.readObject(req, maxBody);
        String label = JsonFields.parse("label", f.optionalText("label", 100).orElse(""), ApiToken::validateLabel);
        ApiTokens.Issued issued = ApiTokens.issue(tokens, username, label, clock.instant());
        Audited.record(audit, req, "token.add", username, "token " + issued.token().id()
                + (label.isEmpty() ? "" : " (" + label + ")"));
        Views.ApiTokenView view = Views.ApiTokenView.of(issued.token());
        Json.send(res, Status.CREATED_201, new Views.ApiTokenView(view.id(), view.username(), view.label(),
                view.createdAt(), issued.secret()));
    }

    /** {@code DELETE /api/v1/users/{username}/tokens/{id}}: revokes at once. */
    public void revokeToken(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        String id = Params.path(req, "id", s -> s);
        if (!tokens.delete(username, id)) {
            throw ApiProblem.notFound("user %s has no API token %s".formatted(username, id));
        }
        Audited.record(audit, req, "token.revoke", username, "token " + id);
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    private String existingUser(ServerRequest req) {
        String username = Params.path(req, "username", User::validateUsername);
        if (users.find(username).isEmpty()) {
            throw ApiProblem.notFound("user %s does not exist".formatted(username));
        }
        return username;
    }

    /** {@code GET /api/v1/audit?actor=&since=&limit=&offset=}, newest first. */
    public void audit(ServerRequest req, ServerResponse res) {
        Optional<String> actor = Params.query(req, "actor", 64);
        var since = Params.instantQuery(req, "since");
        int limit = Params.intQuery(req, "limit", 100, 1, 1000);
        int offset = Params.intQuery(req, "offset", 0, 0, Integer.MAX_VALUE);
        Json.send(res, auditLog.query(new AuditQuery(actor, since, limit, offset)).stream()
                .map(Views.AuditView::of).toList());
    }

    private static String password(JsonFields f) {
        String password = f.text("password", 1024);
        if (password.length() < MIN_PASSWORD_LENGTH) {
            throw ApiProblem.invalidField("password", "must have at least %d characters".formatted(
                    MIN_PASSWORD_LENGTH));
        }
        return password;
    }
}
