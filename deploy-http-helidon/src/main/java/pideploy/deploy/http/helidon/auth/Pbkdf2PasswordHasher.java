package pideploy.deploy.http.helidon.auth;

import pideploy.deploy.core.port.PasswordHasher;

/**
 * The core's {@link PasswordHasher} port over {@link PasswordHash}: PBKDF2WithHmacSHA256, pure JDK (ADR-0100). It
 * lives with the HTTP adapter's authentication because that is where passwords are checked most; the composition
 * root hands it to the core's operator use cases for the admin command line as well.
 */
public final class Pbkdf2PasswordHasher implements PasswordHasher {
    private final int iterations;

    /** With {@link PasswordHash#DEFAULT_ITERATIONS}. */
    public Pbkdf2PasswordHasher() {
        this(PasswordHash.DEFAULT_ITERATIONS);
    }

    /** @param iterations fewer only in tests, where a quarter of a second per hash adds up */
    public Pbkdf2PasswordHasher(int iterations) {
        this.iterations = iterations;
    }

    @Override
    public String hash(char[] password) {
        return PasswordHash.hash(password, iterations);
    }

    @Override
    public boolean verify(char[] password, String stored) {
        return PasswordHash.verify(password, stored);
    }
}
