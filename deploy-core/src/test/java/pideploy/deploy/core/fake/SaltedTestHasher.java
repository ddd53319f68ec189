package pideploy.deploy.core.fake;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import pideploy.deploy.core.port.PasswordHasher;

/**
 * A fast {@link PasswordHasher} for core tests: salted SHA-256, {@code test$<salt>$<hex>}. The real one (PBKDF2) is
 * the HTTP adapter's and takes a quarter of a second per hash, too slow for a use case test of every rule.
 */
public final class SaltedTestHasher implements PasswordHasher {
    @Override
    public String hash(char[] password) {
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        String salt = UUID.randomUUID().toString().substring(0, 8);
        return "test$" + salt + "$" + digest(salt, password);
    }

    @Override
    public boolean verify(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        return parts.length == 3 && parts[0].equals("test") && parts[2].equals(digest(parts[1], password));
    }

    private static String digest(String salt, char[] password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest((salt + new String(password)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
