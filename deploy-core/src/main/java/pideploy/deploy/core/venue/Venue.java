package pideploy.deploy.core.venue;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A venue where devices are deployed.
 *
 * @param code         unique venue code
 * @param name         display name, 1-100 characters
 * @param location     free text, may be empty
 * @param contactEmail empty or an e-mail address
 * @param createdAt    when the venue was added
 */
public record Venue(VenueCode code, String name, String location, String contactEmail, Instant createdAt) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    public Venue {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(createdAt, "createdAt");
        name = validateName(name);
        location = validateLocation(location);
        contactEmail = validateContactEmail(contactEmail);
    }

    /** The stripped name if it is 1-100 characters; else IllegalArgumentException (so edges can name the field). */
    public static String validateName(String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty() || n.length() > 100) {
            throw new IllegalArgumentException("venue name must be 1-100 characters, got '%s'".formatted(n));
        }
        return n;
    }

    /** The stripped location (may be empty) if at most 200 characters; else IllegalArgumentException. */
    public static String validateLocation(String location) {
        String l = location == null ? "" : location.strip();
        if (l.length() > 200) {
            throw new IllegalArgumentException(
                    "venue location must be at most 200 characters, got %d".formatted(l.length()));
        }
        return l;
    }

    /** The stripped contact email, empty or like ops@example.org; else IllegalArgumentException. */
    public static String validateContactEmail(String contactEmail) {
        String e = contactEmail == null ? "" : contactEmail.strip();
        if (!e.isEmpty() && (e.length() > 254 || !EMAIL.matcher(e).matches())) {
            throw new IllegalArgumentException(
                    "venue contact email must be empty or an address like ops@example.org, got '%s'".formatted(e));
        }
        return e;
    }
}
