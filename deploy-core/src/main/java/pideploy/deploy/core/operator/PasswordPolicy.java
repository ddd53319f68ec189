package pideploy.deploy.core.operator;

import java.util.Locale;
import java.util.Optional;

/**
 * What an operator password must be (ADR-0043): at least {@value #MIN_LENGTH} characters, at most
 * {@value #MAX_LENGTH}, not the username (in any case, or reversed), and not a run of a few repeated characters.
 * A passphrase of a few words passes on its length alone; no character-class rules, which only make passwords harder
 * to remember, not harder to guess.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 1024;
    private static final int MIN_DISTINCT = 5;

    private PasswordPolicy() {}

    /** Why this password may not be used for this account, as a sentence for the operator; empty when it may. */
    public static Optional<String> problem(String username, String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("the password is empty; choose one of at least %d characters, e.g. a few words"
                    .formatted(MIN_LENGTH));
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH) {
            return Optional.of("the password has %d characters; it needs at least %d (a few words make a good one)"
                    .formatted(length, MIN_LENGTH));
        }
        if (length > MAX_LENGTH) {
            return Optional.of("the password has %d characters; at most %d are allowed".formatted(length, MAX_LENGTH));
        }
        if (username != null && !username.isEmpty()) {
            String p = password.toLowerCase(Locale.ROOT);
            String u = username.toLowerCase(Locale.ROOT);
            if (p.equals(u) || p.equals(new StringBuilder(u).reverse().toString())) {
                return Optional.of("the password must not be the username " + username);
            }
        }
        if (password.codePoints().distinct().count() < MIN_DISTINCT) {
            return Optional.of("the password repeats too few characters; it needs at least %d different ones"
                    .formatted(MIN_DISTINCT));
        }
        return Optional.empty();
    }

    /** Throws {@link IllegalArgumentException} with {@link #problem}'s sentence, prefixed by where it came from. */
    public static void require(String where, String username, String password) {
        problem(username, password).ifPresent(p -> {
            throw new IllegalArgumentException(where + ": " + p);
        });
    }
}
