package pideploy.deploy.http.helidon.auth;

import java.util.Objects;
import java.util.Optional;
import pideploy.deploy.core.operator.Role;

/** Where operator accounts live (the fleet database, wired in the composition root). */
public interface UserAccounts {
    /** What authentication needs of one account: its stored PBKDF2 hash and its role, read afresh on every request. */
    record Account(String passwordHash, Role role) {
        public Account {
            Objects.requireNonNull(passwordHash, "passwordHash");
            Objects.requireNonNull(role, "role");
        }
    }

    /** The enabled account of that name, or empty for unknown or disabled users. Never throws for odd names. */
    Optional<Account> find(String username);
}
