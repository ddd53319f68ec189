package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.SessionRepository;
import pideploy.deploy.core.port.UserRepository;

/**
 * Removes an operator account with its sessions and API tokens (admins only), audited as {@code user.delete}. The
 * last account and the last admin stay, so the fleet always has someone who can manage it.
 */
public final class RemoveOperator {
    private static final System.Logger LOG = System.getLogger(RemoveOperator.class.getName());
    private final UserRepository users;
    private final SessionRepository sessions;
    private final ApiTokenRepository tokens;
    private final OperatorAudit audit;

    RemoveOperator(UserRepository users, SessionRepository sessions, ApiTokenRepository tokens, OperatorAudit audit) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** @return the removed username */
    public AccountResult<String> remove(Actor actor, String username) {
        var refusal = AccountRules.admin(actor, "remove operator accounts")
                .or(() -> users.find(username).isPresent() && users.list().size() <= 1
                        ? java.util.Optional.of(new AccountRefusal.LastUser(username))
                        : java.util.Optional.empty())
                .or(() -> AccountRules.notLastAdmin(users, username, "removed"));
        if (refusal.isPresent()) {
            return AccountResult.refused(refusal.get());
        }
        if (!users.delete(username)) {
            return AccountResult.refused(new AccountRefusal.NoSuchUser(username));
        }
        sessions.deleteAllOf(username);
        tokens.deleteAllOf(username);
        audit.record(actor, "user.delete", username, actor.is(username) ? "removed own account" : "");
        LOG.log(Level.INFO, "operator {0} removed by {1}", username, actor.name());
        return AccountResult.done(username);
    }
}
