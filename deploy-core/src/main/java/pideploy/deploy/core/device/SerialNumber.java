package pideploy.deploy.core.device;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A device serial number as the Pi reports it (16 hex digits on a Pi 5, e.g. {@code 10000000abcd1234}):
 * 4-64 letters or digits, stored lower-case.
 *
 * @param value the normalised, lower-case serial
 */
public record SerialNumber(String value) {
    private static final Pattern SERIAL = Pattern.compile("[a-z0-9]{4,64}");

    public SerialNumber {
        if (value == null) {
            throw new IllegalArgumentException("serial number is required: 4-64 letters or digits");
        }
        value = value.strip().toLowerCase(Locale.ROOT);
        if (!SERIAL.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "serial number must be 4-64 letters or digits, got '%s'".formatted(value));
        }
    }

    public static SerialNumber of(String value) {
        return new SerialNumber(value);
    }

    /** The identifier a {@code serial}-strategy hostname uses: the last 8 characters, upper-case. */
    public String hostnameSuffix() {
        return value.substring(Math.max(0, value.length() - 8)).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return value;
    }
}
