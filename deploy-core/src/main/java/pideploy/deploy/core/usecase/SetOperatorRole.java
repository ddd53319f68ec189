package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.UserRepository;

/**
 * Changes what an account may do (admins only, ADR-0043), audited as {@code user.role}; the last admin cannot be
 * demoted. It applies on the account's next request: roles are read afresh on every request.
 */
public final class SetOperatorRole {
    private static final System.Logger LOG = System.getLogger(SetOperatorRole.class.getName());
    private final UserRepository users;
    private final OperatorAudit audit;

    SetOperatorRole(UserRepository users, OperatorAudit audit) {
        this.users = users;
        this.audit = audit;
    }

    public AccountResult<User> set(Actor actor, String username, Role role) {
        var refusal = AccountRules.admin(actor, "change the role of an account");
        if (refusal.isPresent()) {
            return AccountResult.refused(refusal.get());
        }
        if (users.find(username).isEmpty()) {
            return AccountResult.refused(new AccountRefusal.NoSuchUser(username));
        }
        if (role != Role.ADMIN) {
            var last = AccountRules.notLastAdmin(users, username, "demoted to " + role.wire());
            if (last.isPresent()) {
                return AccountResult.refused(last.get());
            }
        }
        users.updateRole(username, role);
        audit.record(actor, "user.role", username, "role " + role.wire());
        LOG.log(Level.INFO, "operator {0} now has role {1}, set by {2}", username, role.wire(), actor.name());
        return AccountResult.done(users.find(username).orElseThrow());
    }
}
