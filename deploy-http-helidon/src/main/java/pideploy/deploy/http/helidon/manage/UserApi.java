package pideploy.deploy.http.helidon.manage;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.PasswordPolicy;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.TokenLifetime;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.UserRepository;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.RouteTable;
import pideploy.deploy.http.helidon.auth.ApiTokens;
import pideploy.deploy.http.helidon.auth.AuditTrail;
import pideploy.deploy.http.helidon.auth.Authenticator;
import pideploy.deploy.http.helidon.auth.Operator;
import pideploy.deploy.http.helidon.auth.OperatorAccess;
import pideploy.deploy.http.helidon.auth.PasswordHash;
import pideploy.deploy.http.helidon.view.Views;

/**
 * Operator accounts and the audit log. Only admins manage accounts ({@link RouteTable#requiredRole}); everyone may
 * change their own password, given the old one (ADR-0043), and manage their own API tokens (ADR-0051). The last admin can be neither removed nor
 * demoted, so the fleet always has someone who can manage it. A password change or removal revokes the account's
 * sessions and API tokens.
 */
public final class UserApi {
    /** The role of an account added without one: enough to deploy, not enough to manage accounts. */
    public static final Role DEFAULT_ROLE = Role.OPERATOR;

    private final UserRepository users;
    private final ApiTokenRepository tokens;
    private final AuditLog auditLog;
    private final AuditTrail audit;
    private final Authenticator authenticator;
    private final InstantSource clock;
    private final int maxBody;

    public UserApi(
            UserRepository users,
            ApiTokenRepository tokens,
            AuditLog auditLog,
            AuditTrail audit,
            Authenticator authenticator,
            InstantSource clock,
            int maxBody) {
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
        String password = password(username, f);
        Role role = JsonFields.parse("role", f.optionalText("role", 16).orElse(DEFAULT_ROLE.wire()), Role::parse);
        try {
            users.add(new User(username, PasswordHash.hash(password.toCharArray()), clock.instant(), role));
        } catch (DuplicateKeyException e) {
            throw ApiProblem.conflict("ALREADY_EXISTS", "user %s exists already".formatted(username));
        }
        Audited.record(audit, req, "user.add", username, "role " + role.wire());
        Json.send(
                res, Status.CREATED_201, Views.UserView.of(users.find(username).orElseThrow()));
    }

    public void changePassword(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        Operator caller = OperatorAccess.operator(req);
        JsonFields f = Json.readObject(req, maxBody);
        if (caller.username().equals(username)) {
            // A stolen session or token must not be enough to take the account over for good.
            String old = f.optionalText("old_password", PasswordPolicy.MAX_LENGTH)
                    .orElseThrow(
                            () -> ApiProblem.invalidField("old_password", "is required to change your own password"));
            if (!authenticator.isPassword(username, old)) {
                throw new ApiProblem(403, "WRONG_PASSWORD", "old_password is not the current password of " + username);
            }
        } else if (!caller.role().covers(Role.ADMIN)) {
            throw new ApiProblem(
                    403,
                    "FORBIDDEN",
                    ("only an admin may change the password of another account" + " (%s has role %s)")
                            .formatted(caller.username(), caller.role().wire()));
        }
        String password = password(username, f);
        if (!users.updatePasswordHash(username, PasswordHash.hash(password.toCharArray()))) {
            throw ApiProblem.notFound("user %s does not exist".formatted(username));
        }
        authenticator.forget(username);
        int revoked = tokens.deleteAllOf(username);
        Audited.record(
                audit, req, "user.password", username, revoked == 0 ? "" : "revoked %d API tokens".formatted(revoked));
        Json.send(res, Map.of("username", username, "changed", true));
    }

    /** {@code PUT /api/v1/users/{username}/role {role}}: takes effect on the account's next request. */
    public void setRole(ServerRequest req, ServerResponse res) {
        String username = existingUser(req);
        Role role = JsonFields.parse("role", Json.readObject(req, maxBody).text("role", 16), Role::parse);
        if (role != Role.ADMIN) {
            refuseLastAdmin(username, "demoted to " + role.wire());
        }
        users.updateRole(username, role);
        Audited.record(audit, req, "user.role", username, "role " + role.wire());
        Json.send(res, Views.UserView.of(users.find(username).orElseThrow()));
    }

    public void delete(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        if (users.find(username).isPresent() && users.list().size() <= 1) {
            throw ApiProblem.conflict(
                    "LAST_USER", "user %s is the last account and cannot be removed".formatted(username));
        }
        refuseLastAdmin(username, "removed");
        if (!users.delete(username)) {
            throw ApiProblem.notFound("user %s does not exist".formatted(username));
        }
        authenticator.forget(username);
        tokens.deleteAllOf(username);
        Audited.record(
                audit,
                req,
                "user.delete",
                username,
                username.equals(OperatorAccess.operator(req).username()) ? "removed own account" : "");
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    /**
     * {@code GET /api/v1/users/{username}/tokens}: the user's API tokens, without secrets, oldest first. One's own for
     * every role, another account's for admins (ADR-0051).
     */
    public void tokens(ServerRequest req, ServerResponse res) {
        String username = tokenOwner(req, "list the API tokens of");
        Json.send(
                res,
                tokens.listOf(username).stream().map(Views.ApiTokenView::of).toList());
    }

    /** {@code GET /api/v1/tokens}: every token for an admin, one's own for everyone else; never secrets. */
    public void allTokens(ServerRequest req, ServerResponse res) {
        Operator caller = OperatorAccess.operator(req);
        Json.send(
                res,
                (caller.role().covers(Role.ADMIN) ? tokens.listAll() : tokens.listOf(caller.username()))
                        .stream().map(Views.ApiTokenView::of).toList());
    }

    /**
     * {@code POST /api/v1/users/{username}/tokens {label?, role?, expires?}}: a new token; the answer is the only place
     * its secret shows. The role defaults to the owner's and may not exceed it; {@code expires} is {@code 30d},
     * {@code 12h} or {@code never}, 90 days if absent. A token cannot make tokens: a leaked one could otherwise
     * outlive its own expiry and revocation.
     */
    public void addToken(ServerRequest req, ServerResponse res) {
        Operator caller = OperatorAccess.operator(req);
        if (caller.method() == Operator.Method.TOKEN) {
            throw new ApiProblem(
                    403,
                    "TOKEN_CANNOT_MINT",
                    "an API token cannot make API tokens (a leaked one could"
                            + " outlive its expiry); log in or use your password");
        }
        String username = tokenOwner(req, "make API tokens for");
        Role ownerRole = users.find(username).orElseThrow().role();
        JsonFields f = Json.readObject(req, maxBody);
        String label = JsonFields.parse("label", f.optionalText("label", 100).orElse(""), ApiToken::validateLabel);
        Role role = JsonFields.parse("role", f.optionalText("role", 16).orElse(ownerRole.wire()), Role::parse);
        ApiTokens.roleProblem(username, ownerRole, role).ifPresent(p -> {
            throw ApiProblem.invalidField("role", p);
        });
        TokenLifetime lifetime = f.optionalText("expires", 16)
                .map(t -> JsonFields.parse("expires", t, TokenLifetime::parse))
                .orElse(TokenLifetime.DEFAULT);
        ApiTokens.Issued issued = ApiTokens.issue(tokens, username, label, role, lifetime, clock.instant());
        Audited.record(audit, req, "token.add", username, tokenDetail(issued.token()));
        Json.send(res, Status.CREATED_201, Views.ApiTokenView.of(issued.token()).withSecret(issued.secret()));
    }

    /** What the audit log says of a new token: id, label, role and expiry (never the secret). */
    public static String tokenDetail(ApiToken t) {
        return "token %s%s, role %s, %s"
                .formatted(
                        t.id(),
                        t.label().isEmpty() ? "" : " (" + t.label() + ")",
                        t.role().wire(),
                        t.expiresAt().map(e -> "expires " + e).orElse("never expires"));
    }

    /** {@code DELETE /api/v1/users/{username}/tokens/{id}}: revokes at once. */
    public void revokeToken(ServerRequest req, ServerResponse res) {
        String username = tokenOwner(req, "revoke API tokens of");
        String id = Params.path(req, "id", s -> s);
        if (!tokens.delete(username, id)) {
            throw ApiProblem.notFound("user %s has no API token %s".formatted(username, id));
        }
        Audited.record(audit, req, "token.revoke", username, "token " + id);
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    /**
     * The existing user of the path, if the caller may manage its tokens: its own account, or any as admin. A
     * non-admin asking about another account gets 403 whether or not it exists, so names cannot be probed.
     */
    private String tokenOwner(ServerRequest req, String what) {
        String username = Params.path(req, "username", User::validateUsername);
        Operator caller = OperatorAccess.operator(req);
        if (!caller.username().equals(username) && !caller.role().covers(Role.ADMIN)) {
            throw new ApiProblem(
                    403,
                    "FORBIDDEN",
                    "only an admin may %s another account (%s has role %s)"
                            .formatted(what, caller.username(), caller.role().wire()));
        }
        if (users.find(username).isEmpty()) {
            throw ApiProblem.notFound("user %s does not exist".formatted(username));
        }
        return username;
    }

    private void refuseLastAdmin(String username, String what) {
        boolean isAdmin = users.find(username).map(u -> u.role() == Role.ADMIN).orElse(false);
        if (isAdmin && users.list().stream().filter(u -> u.role() == Role.ADMIN).count() <= 1) {
            throw ApiProblem.conflict(
                    "LAST_ADMIN",
                    ("user %s is the last admin and cannot be %s; make another" + " account admin first")
                            .formatted(username, what));
        }
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
        Json.send(
                res,
                auditLog.query(new AuditQuery(actor, since, limit, offset)).stream()
                        .map(Views.AuditView::of)
                        .toList());
    }

    private static String password(String username, JsonFields f) {
        String password = f.text("password", PasswordPolicy.MAX_LENGTH);
        PasswordPolicy.problem(username, password).ifPresent(p -> {
            throw ApiProblem.invalidField("password", p);
        });
        return password;
    }
}
