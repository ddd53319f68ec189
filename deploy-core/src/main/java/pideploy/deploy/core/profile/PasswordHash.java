package pideploy.deploy.core.profile;

import java.util.regex.Pattern;

/**
 * The default user's password as a crypt(3) hash ({@code mkpasswd -m yescrypt}, {@code openssl passwd -6}): never a
 * plain password. Shown as {@code <redacted>} everywhere but the card.
 *
 * @param value {@code $y$...}, {@code $6$...}, {@code $5$...} or {@code $2b$...}
 */
public record PasswordHash(String value) {
    private static final Pattern CRYPT = Pattern.compile("\\$(y|6|5|2b|gy|7)\\$[./A-Za-z0-9$=]{8,200}");

    public PasswordHash {
        if (value == null || !CRYPT.matcher(value).matches()) {
            throw new IllegalArgumentException("password hash must be a crypt(3) hash starting $y$, $6$, $5$ or $2b$ "
                    + "(make one with 'mkpasswd -m yescrypt' or 'openssl passwd -6'); a plain password is refused");
        }
    }

    @Override
    public String toString() {
        return "PasswordHash[<redacted>]";
    }
}
