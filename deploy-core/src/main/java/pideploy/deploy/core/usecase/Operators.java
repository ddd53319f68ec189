package pideploy.deploy.core.usecase;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.PasswordHasher;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.UserRepository;

/**
 * The operator use cases (ADR-0100): accounts, passwords, roles, API tokens and password checks, each taking the
 * acting operator and writing its own audit entry. The HTTP adapter and the admin command line both call these, so
 * the rules (the last admin stays, a token never outranks its owner, a password change ends sessions and tokens) are
 * written once.
 */
public record Operators(
        AddOperator addOperator,
        RemoveOperator removeOperator,
        ChangePassword changePassword,
        SetOperatorRole setRole,
        IssueToken issueToken,
        RevokeToken revokeToken,
        Authenticate authenticate,
        ListOperators list) {

    public Operators {
        Objects.requireNonNull(authenticate, "authenticate");
    }

    public static Operators create(
            UserRepository users,
            SessionRepository sessions,
            ApiTokenRepository tokens,
            AuditLog auditLog,
            PasswordHasher hasher,
            InstantSource clock) {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(hasher, "hasher");
        OperatorAudit audit = new OperatorAudit(Objects.requireNonNull(auditLog, "auditLog"), clock);
        return new Operators(
                new AddOperator(users, hasher, audit),
                new RemoveOperator(users, sessions, tokens, audit),
                new ChangePassword(users, sessions, tokens, hasher, audit),
                new SetOperatorRole(users, audit),
                new IssueToken(users, tokens, audit, new SecureRandom()),
                new RevokeToken(users, tokens, audit),
                new Authenticate(users, hasher, audit),
                new ListOperators(users, tokens, auditLog));
    }
}
