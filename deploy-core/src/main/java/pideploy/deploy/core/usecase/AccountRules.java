package pideploy.deploy.core.usecase;

import java.util.Optional;
import pideploy.deploy.core.operator.AccountRefusal;
import pideploy.deploy.core.operator.Actor;
import pideploy.deploy.core.operator.Role;
import pideploy.deploy.core.port.UserRepository;

/** The rules several operator use cases share: only admins manage others, the fleet keeps an admin. */
final class AccountRules {
    private AccountRules() {}

    /** Refused unless the actor is an admin; {@code what} completes "only an admin may ...". */
    static Optional<AccountRefusal> admin(Actor actor, String what) {
        return actor.role().covers(Role.ADMIN)
                ? Optional.empty()
                : Optional.of(new AccountRefusal.NotAllowed("only an admin may %s (%s has role %s)"
                        .formatted(what, actor.name(), actor.role().wire())));
    }

    /** Refused unless the actor is {@code username} itself or an admin. */
    static Optional<AccountRefusal> selfOrAdmin(Actor actor, String username, String what) {
        return actor.is(username) ? Optional.empty() : admin(actor, what + " another account");
    }

    /** Refused if {@code username} is the fleet's last admin; {@code what} is what would happen to it. */
    static Optional<AccountRefusal> notLastAdmin(UserRepository users, String username, String what) {
        boolean isAdmin = users.find(username).map(u -> u.role() == Role.ADMIN).orElse(false);
        return isAdmin
                        && users.list().stream()
                                        .filter(u -> u.role() == Role.ADMIN)
                                        .count()
                                <= 1
                ? Optional.of(new AccountRefusal.LastAdmin(username, what))
                : Optional.empty();
    }
}
