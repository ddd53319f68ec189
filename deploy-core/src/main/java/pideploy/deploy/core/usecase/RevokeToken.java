package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.UserRepository;

/** Revokes one API token at once (one's own, or any as admin), audited as {@code token.revoke}. */
public final class RevokeToken {
    private static final System.Logger LOG = System.getLogger(RevokeToken.class.getName());
    private final UserRepository users;
    private final ApiTokenRepository tokens;
    private final OperatorAudit audit;

    RevokeToken(UserRepository users, ApiTokenRepository tokens, OperatorAudit audit) {
        this.users = users;
        this.tokens = tokens;
        this.audit = audit;
    }

    /** @return the revoked token's id */
    public AccountResult<String> revoke(Actor actor, String username, String id) {
        var refusal = AccountRules.selfOrAdmin(actor, username, "revoke API tokens of");
        if (refusal.isPresent()) {
            return AccountResult.refused(refusal.get());
        }
        if (users.find(username).isEmpty()) {
            return AccountResult.refused(new AccountRefusal.NoSuchUser(username));
        }
        if (!tokens.delete(username, id)) {
            return AccountResult.refused(new AccountRefusal.NoSuchToken(username, id));
        }
        audit.record(actor, "token.revoke", username, "token " + id);
        LOG.log(Level.INFO, "API token {0} of operator {1} revoked by {2}", id, username, actor.name());
        return AccountResult.done(id);
    }
}
