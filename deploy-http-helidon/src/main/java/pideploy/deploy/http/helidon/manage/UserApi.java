package pideploy.deploy.http.helidon.manage;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.PasswordPolicy;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.TokenLifetime;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.usecase.AccountResult;
import pideploy.deploy.core.usecase.AddOperator;
import pideploy.deploy.core.usecase.IssueToken;
import pideploy.deploy.core.usecase.Operators;
import pideploy.deploy.http.helidon.ApiProblem;
import pideploy.deploy.http.helidon.Json;
import pideploy.deploy.http.helidon.JsonFields;
import pideploy.deploy.http.helidon.RouteTable;
import pideploy.deploy.http.helidon.auth.Authenticator;
import pideploy.deploy.http.helidon.auth.Operator;
import pideploy.deploy.http.helidon.auth.OperatorAccess;
import pideploy.deploy.http.helidon.auth.PasswordChecks;
import pideploy.deploy.http.helidon.view.Views;

/**
 * Operator accounts and the audit log, over the core's operator use cases (ADR-0100), which hold the rules: only
 * admins manage accounts (also {@link RouteTable#requiredRole}); everyone may change their own password, given the
 * old one (ADR-0043), and manage their own API tokens (ADR-0051); the last admin can be neither removed nor demoted;
 * a password change or removal revokes the account's sessions and API tokens. Use cases that derive a password hash
 * run on {@link PasswordChecks}, never on the request's thread.
 */
public final class UserApi {
    /** The role of an account added without one: enough to deploy, not enough to manage accounts. */
    public static final Role DEFAULT_ROLE = AddOperator.DEFAULT_ROLE;

    private final Operators operators;
    private final PasswordChecks checks;
    private final Authenticator authenticator;
    private final int maxBody;

    public UserApi(Operators operators, PasswordChecks checks, Authenticator authenticator, int maxBody) {
        this.operators = operators;
        this.checks = checks;
        this.authenticator = authenticator;
        this.maxBody = maxBody;
    }

    public void list(ServerRequest req, ServerResponse res) {
        Json.send(res, operators.list().users().stream().map(Views.UserView::of).toList());
    }

    public void add(ServerRequest req, ServerResponse res) {
        JsonFields f = Json.readObject(req, maxBody);
        String username = JsonFields.parse("username", f.text("username", 64), User::validateUsername);
        String password = f.text("password", PasswordPolicy.MAX_LENGTH);
        PasswordPolicy.problem(username, password).ifPresent(p -> {
            throw ApiProblem.invalidField("password", p);
        });
        Role role = JsonFields.parse("role", f.optionalText("role", 16).orElse(DEFAULT_ROLE.wire()), Role::parse);
        Actor actor = actor(req);
        User added = derive(() -> operators.addOperator().add(actor, username, password, role));
        Json.send(res, Status.CREATED_201, Views.UserView.of(added));
    }

    public void changePassword(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        JsonFields f = Json.readObject(req, maxBody);
        Optional<String> old = f.optionalText("old_password", PasswordPolicy.MAX_LENGTH);
        Optional<String> password = f.optionalText("password", PasswordPolicy.MAX_LENGTH);
        Actor actor = actor(req);
        AccountResult<?> result =
                derived(() -> operators.changePassword().change(actor, username, old, password.orElse("")));
        if (result instanceof AccountResult.Refused<?> r
                && r.reason() instanceof pideploy.deploy.core.operator.AccountRefusal.WeakPassword
                && password.isEmpty()) {
            f.text("password", PasswordPolicy.MAX_LENGTH); // throws the missing field's own problem
        }
        result.orElseThrow(AccountProblems::of);
        authenticator.forget(username);
        Json.send(res, Map.of("username", username, "changed", true));
    }

    /** {@code PUT /api/v1/users/{username}/role {role}}: takes effect on the account's next request. */
    public void setRole(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        if (operators.authenticate().account(username).isEmpty()) {
            throw ApiProblem.notFound("user %s does not exist".formatted(username));
        }
        Role role = JsonFields.parse("role", Json.readObject(req, maxBody).text("role", 16), Role::parse);
        User user = operators.setRole().set(actor(req), username, role).orElseThrow(AccountProblems::of);
        Json.send(res, Views.UserView.of(user));
    }

    public void delete(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        operators.removeOperator().remove(actor(req), username).orElseThrow(AccountProblems::of);
        authenticator.forget(username);
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    /**
     * {@code GET /api/v1/users/{username}/tokens}: the user's API tokens, without secrets, oldest first. One's own for
     * every role, another account's for admins (ADR-0051); a non-admin asking about another account gets 403 whether
     * or not it exists, so names cannot be probed.
     */
    public void tokens(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        Json.send(
                res,
                operators.list().tokensOf(actor(req), username).orElseThrow(AccountProblems::of).stream()
                        .map(Views.ApiTokenView::of)
                        .toList());
    }

    /** {@code GET /api/v1/tokens}: every token for an admin, one's own for everyone else; never secrets. */
    public void allTokens(ServerRequest req, ServerResponse res) {
        Json.send(
                res,
                operators.list().tokensVisibleTo(actor(req)).stream()
                        .map(Views.ApiTokenView::of)
                        .toList());
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
        String username = Params.path(req, "username", User::validateUsername);
        Actor actor = actor(req);
        // Who may, and whether the account exists, before the body is read (403 for names one may not probe).
        operators.list().tokensOf(actor, username).orElseThrow(AccountProblems::of);
        JsonFields f = Json.readObject(req, maxBody);
        String label = JsonFields.parse("label", f.optionalText("label", 100).orElse(""), ApiToken::validateLabel);
        Optional<Role> role = f.optionalText("role", 16).map(t -> JsonFields.parse("role", t, Role::parse));
        TokenLifetime lifetime = f.optionalText("expires", 16)
                .map(t -> JsonFields.parse("expires", t, TokenLifetime::parse))
                .orElse(TokenLifetime.DEFAULT);
        IssueToken.Issued issued = operators
                .issueToken()
                .issue(actor, username, label, role, lifetime)
                .orElseThrow(AccountProblems::of);
        Json.send(res, Status.CREATED_201, Views.ApiTokenView.of(issued.token()).withSecret(issued.secret()));
    }

    /** {@code DELETE /api/v1/users/{username}/tokens/{id}}: revokes at once. */
    public void revokeToken(ServerRequest req, ServerResponse res) {
        String username = Params.path(req, "username", User::validateUsername);
        String id = Params.path(req, "id", s -> s);
        operators.revokeToken().revoke(actor(req), username, id).orElseThrow(AccountProblems::of);
        res.status(Status.NO_CONTENT_204);
        res.send();
    }

    /** {@code GET /api/v1/audit?actor=&since=&limit=&offset=}, newest first. */
    public void audit(ServerRequest req, ServerResponse res) {
        Optional<String> actor = Params.query(req, "actor", 64);
        var since = Params.instantQuery(req, "since");
        int limit = Params.intQuery(req, "limit", 100, 1, 1000);
        int offset = Params.intQuery(req, "offset", 0, 0, Integer.MAX_VALUE);
        Json.send(
                res,
                operators.list().audit(new AuditQuery(actor, since, limit, offset)).stream()
                        .map(Views.AuditView::of)
                        .toList());
    }

    /** The request's operator as the core's use cases take it. */
    private static Actor actor(ServerRequest req) {
        Operator op = OperatorAccess.operator(req);
        return new Actor(op.username(), op.role(), op.address());
    }

    /**
     * Runs a use case that derives a password hash on the password-check threads; when they are all busy the
     * request is told to retry, as a login is.
     */
    private <T> T derive(Supplier<AccountResult<T>> useCase) {
        return derived(useCase).orElseThrow(AccountProblems::of);
    }

    private <T> AccountResult<T> derived(Supplier<AccountResult<T>> useCase) {
        return checks.run(useCase, null)
                .orElseThrow(() -> new ApiProblem(
                        503, "LOGIN_BUSY", "too many password checks are waiting; retry in a few seconds"));
    }
}
