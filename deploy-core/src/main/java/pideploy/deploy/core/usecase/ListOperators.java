package pideploy.deploy.core.usecase;

import java.util.List;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.ApiToken;
import pideploy.deploy.core.operator.AuditEntry;
import pideploy.deploy.core.operator.AuditQuery;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.ApiTokenRepository;
import pideploy.deploy.core.port.AuditLog;
import pideploy.deploy.core.port.UserRepository;

/** Reads operator accounts, their API tokens (never secrets) and the audit log. */
public final class ListOperators {
    private final UserRepository users;
    private final ApiTokenRepository tokens;
    private final AuditLog auditLog;

    ListOperators(UserRepository users, ApiTokenRepository tokens, AuditLog auditLog) {
        this.users = users;
        this.tokens = tokens;
        this.auditLog = auditLog;
    }

    /** Every account, by username. */
    public List<User> users() {
        return users.list();
    }

    /** The tokens of {@code username}, oldest first: one's own for every role, another account's for admins. */
    public AccountResult<List<ApiToken>> tokensOf(Actor actor, String username) {
        var refusal = AccountRules.selfOrAdmin(actor, username, "list the API tokens of");
        if (refusal.isPresent()) {
            return AccountResult.refused(refusal.get());
        }
        if (users.find(username).isEmpty()) {
            return AccountResult.refused(new AccountRefusal.NoSuchUser(username));
        }
        return AccountResult.done(tokens.listOf(username));
    }

    /** Every token for an admin, the actor's own for everyone else. */
    public List<ApiToken> tokensVisibleTo(Actor actor) {
        return actor.role().covers(Role.ADMIN) ? tokens.listAll() : tokens.listOf(actor.name());
    }

    /** Audit entries matching the query, newest first. */
    public List<AuditEntry> audit(AuditQuery query) {
        return auditLog.query(query);
    }
}
