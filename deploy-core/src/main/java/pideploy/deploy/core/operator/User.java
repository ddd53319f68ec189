package pideploy.deploy.core.operator;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An operator account.
 *
 * @param username     1-64 letters, digits, '.', '_', '-'; case-sensitive
 * @param passwordHash the salted PBKDF2 hash string, opaque to the core (the HTTP adapter makes and checks it)
 * @param createdAt    when the account was created
 * @param role         what the account may do (ADR-0043)
 */
public record User(String username, String passwordHash, Instant createdAt, Role role) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public User {
        validateUsername(username);
        if (passwordHash == null || passwordHash.isBlank() || passwordHash.length() > 512) {
            throw new IllegalArgumentException("password hash must be 1-512 characters");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(role, "role");
    }

    /** The same account with another role. */
    public User withRole(Role newRole) {
        return new User(username, passwordHash, createdAt, newRole);
    }

    public static String validateUsername(String username) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new IllegalArgumentException(
                    "username must be 1-64 letters, digits, '.', '_' or '-', got '%s'".formatted(username));
        }
        return username;
    }
}
