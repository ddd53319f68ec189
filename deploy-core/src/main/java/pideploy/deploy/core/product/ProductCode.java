package pideploy.deploy.core.product;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A product's code, e.g. {@code KXP2}: 2-16 letters or digits, stored upper-case. No hyphens, so a
 * hostname {@code PRODUCT-VENUE-ID} can be split back into its parts.
 *
 * @param value the normalised, upper-case code
 */
public record ProductCode(String value) implements Comparable<ProductCode> {
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{2,16}");

    public ProductCode {
        if (value == null) {
            throw new IllegalArgumentException("product code is required: 2-16 letters or digits, e.g. KXP2");
        }
        value = value.strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "product code must be 2-16 letters or digits (e.g. KXP2), got '%s'".formatted(value));
        }
    }

    public static ProductCode of(String value) {
        return new ProductCode(value);
    }

    @Override
    public int compareTo(ProductCode other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
