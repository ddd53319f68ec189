package pideploy.deploy.http.helidon.auth;

import java.util.Optional;

/** Where operator accounts live (the fleet database, wired in the composition root). */
public interface UserAccounts {
    /** The stored PBKDF2 hash of an enabled account, or empty for unknown or disabled users. Never throws for odd names. */
    Optional<String> passwordHash(String username);
}
