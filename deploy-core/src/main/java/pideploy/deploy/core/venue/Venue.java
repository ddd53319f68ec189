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
        name = name == null ? "" : name.strip();
        if (name.isEmpty() || name.length() > 100) {
            throw new IllegalArgumentException("venue name must be 1-100 characters, got '%s'".formatted(name));
        }
        location = location == null ? "" : location.strip();
        if (location.length() > 200) {
            throw new IllegalArgumentException("venue location must be at most 200 characters, got %d"
                    .formatted(location.length()));
        }
        contactEmail = contactEmail == null ? "" : contactEmail.strip();
        if (!contactEmail.isEmpty() && (contactEmail.length() > 254 || !EMAIL.matcher(contactEmail).matches())) {
            throw new IllegalArgumentException(
                    "venue contact email must be empty or an address like ops@example.org, got '%s'"
                            .formatted(contactEmail));
        }
    }
}
