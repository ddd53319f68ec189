package pideploy.deploy.core.hostname;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import pideploy.deploy.core.product.ProductCode;
import pideploy.deploy.core.venue.VenueCode;

/**
 * A device hostname such as {@code KXP2-CORO-014}: a valid RFC 1123 label (1-63 letters, digits and
 * hyphens, not starting or ending with a hyphen), validated case-insensitively and stored upper-case.
 *
 * @param value the upper-case hostname
 */
public record Hostname(String value) implements Comparable<Hostname> {
    private static final Pattern LABEL = Pattern.compile("[A-Z0-9]([A-Z0-9-]{0,61}[A-Z0-9])?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Z0-9]+");

    public Hostname {
        if (value == null) {
            throw new IllegalArgumentException("hostname is required, e.g. KXP2-CORO-014");
        }
        value = value.strip().toUpperCase(Locale.ROOT);
        if (!LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "hostname must be an RFC 1123 label (1-63 letters, digits, inner hyphens), got '%s'"
                            .formatted(value));
        }
    }

    public static Hostname of(String value) {
        return new Hostname(value);
    }

    /** {@code PRODUCT-VENUE-IDENTIFIER}; the identifier is letters and digits. */
    public static Hostname of(ProductCode product, VenueCode venue, String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        String id = identifier.toUpperCase(Locale.ROOT);
        if (!IDENTIFIER.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "hostname identifier must be letters and digits, got '%s'".formatted(identifier));
        }
        return new Hostname(product.value() + "-" + venue.value() + "-" + id);
    }

    /** The pool hostname for {@code number}, zero-padded to {@code digits} (14 -> 014; 1000 stays 1000). */
    public static Hostname ofPoolNumber(ProductCode product, VenueCode venue, int number, int digits) {
        if (number < 0) {
            throw new IllegalArgumentException("pool number must not be negative, got " + number);
        }
        return of(product, venue, String.format(Locale.ROOT, "%0" + Math.max(1, digits) + "d", number));
    }

    @Override
    public int compareTo(Hostname other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
