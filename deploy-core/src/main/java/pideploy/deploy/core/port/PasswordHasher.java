package pideploy.deploy.core.port;

/**
 * Makes and checks operator password hashes (ADR-0100). The core stores the hash as an opaque string in
 * {@link pideploy.deploy.core.operator.User#passwordHash()}; only the hasher knows its form. Implementations are
 * deliberately slow (a key derivation), thread-safe, and compare in constant time.
 */
public interface PasswordHasher {
    /**
     * A new salted hash of {@code password}, in a self-describing form the same hasher can {@link #verify} later.
     *
     * @throws IllegalArgumentException if the password is empty
     */
    String hash(char[] password);

    /** True when the password matches {@code stored}; false for a wrong password and for a stored value not of ours. */
    boolean verify(char[] password, String stored);
}
