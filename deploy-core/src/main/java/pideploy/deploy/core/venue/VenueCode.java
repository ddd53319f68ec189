package pideploy.deploy.core.venue;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A venue's code: exactly four letters or digits, stored upper-case ({@code coro} becomes {@code CORO}).
 *
 * @param value the normalised, upper-case code
 */
public record VenueCode(String value) implements Comparable<VenueCode> {
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{4}");

    public VenueCode {
        if (value == null) {
            throw new IllegalArgumentException("venue code is required: exactly 4 letters or digits, e.g. CORO");
        }
        value = value.strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "venue code must be exactly 4 letters or digits (e.g. CORO), got '%s'".formatted(value));
        }
    }

    public static VenueCode of(String value) {
        return new VenueCode(value);
    }

    @Override
    public int compareTo(VenueCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
