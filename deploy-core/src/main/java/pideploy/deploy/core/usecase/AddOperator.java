package pideploy.deploy.core.usecase;

import java.lang.System.Logger.Level;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.PasswordPolicy;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.operator.User;
import pideploy.deploy.core.port.DuplicateKeyException;
import pideploy.deploy.core.port.PasswordHasher;
import pideploy.deploy.core.port.UserRepository;

/** Adds an operator account (admins only, ADR-0043), audited as {@code user.add}. */
public final class AddOperator {
    private static final System.Logger LOG = System.getLogger(AddOperator.class.getName());
    /** The role of an account added without one: enough to deploy, not enough to manage accounts. */
    public static final Role DEFAULT_ROLE = Role.OPERATOR;

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final OperatorAudit audit;

    AddOperator(UserRepository users, PasswordHasher hasher, OperatorAudit audit) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
    }

    /** @param username a valid username ({@link User#validateUsername}) */
    public AccountResult<User> add(Actor actor, String username, String password, Role role) {
        var refusal = AccountRules.admin(actor, "add operator accounts");
        if (refusal.isPresent()) {
            return AccountResult.refused(refusal.get());
        }
        var weak = PasswordPolicy.problem(username, password);
        if (weak.isPresent()) {
            return AccountResult.refused(new AccountRefusal.WeakPassword(weak.get()));
        }
        User user = new User(username, hasher.hash(password.toCharArray()), audit.now(), role);
        try {
            users.add(user);
        } catch (DuplicateKeyException e) {
            return AccountResult.refused(new AccountRefusal.AlreadyExists(username));
        }
        audit.record(actor, "user.add", username, "role " + role.wire());
        LOG.log(Level.INFO, "operator {0} added with role {1} by {2}", username, role.wire(), actor.name());
        return AccountResult.done(users.find(username).orElse(user));
    }
}
