package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import java.util.Optional;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.PasswordPolicy;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.PasswordHasher;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.UserRepository;

/**
 * Changes an operator's password, audited as {@code user.password}. One's own needs the current password (a stolen
 * session or token must not be enough to take the account over for good); another account's needs an admin. The
 * account's sessions and API tokens end with it (sessions are in the database, ADR-0030, so a running server
 * applies it at once).
 */
public final class ChangePassword {
    private static final System.Logger LOG = System.getLogger(ChangePassword.class.getName());

    /** What the change ended with it. */
    public record Changed(String username, int endedSessions, int revokedTokens) {}

    private final UserRepository users;
    private final SessionRepository sessions;
    private final ApiTokenRepository tokens;
    private final PasswordHasher hasher;
    private final OperatorAudit audit;

    ChangePassword(
            UserRepository users,
            SessionRepository sessions,
            ApiTokenRepository tokens,
            PasswordHasher hasher,
            OperatorAudit audit) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** @param oldPassword the current password; required when the actor changes their own */
    public AccountResult<Changed> change(Actor actor, String username, Optional<String> oldPassword, String password) {
        if (actor.is(username)) {
            if (oldPassword.isEmpty()) {
                return AccountResult.refused(new AccountRefusal.OldPasswordMissing());
            }
            boolean current = users.find(username)
                    .map(u -> hasher.verify(oldPassword.get().toCharArray(), u.passwordHash()))
                    .orElse(false);
            if (!current) {
                return AccountResult.refused(new AccountRefusal.WrongPassword(username));
            }
        } else {
            var refusal = AccountRules.admin(actor, "change the password of another account");
            if (refusal.isPresent()) {
                return AccountResult.refused(refusal.get());
            }
        }
        var weak = PasswordPolicy.problem(username, password);
        if (weak.isPresent()) {
            return AccountResult.refused(new AccountRefusal.WeakPassword(weak.get()));
        }
        if (!users.updatePasswordHash(username, hasher.hash(password.toCharArray()))) {
            return AccountResult.refused(new AccountRefusal.NoSuchUser(username));
        }
        int ended = sessions.deleteAllOf(username);
        int revoked = tokens.deleteAllOf(username);
        audit.record(
                actor,
                "user.password",
                username,
                "ended %d browser sessions, revoked %d API tokens".formatted(ended, revoked));
        LOG.log(Level.INFO, "password of operator {0} changed by {1}", username, actor.name());
        return AccountResult.done(new Changed(username, ended, revoked));
    }
}
