package pideploy.deploy.core.image;

import java.util.regex.Pattern;

/**
 * An image version such as {@code 2026.11.1}: 1-64 letters, digits, dots, hyphens or underscores, starting
 * with a letter or digit, so it is safe in file names and URLs.
 *
 * @param value the version text
 */
public record ImageVersion(String value) {
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public ImageVersion {
        if (value == null || !VERSION.matcher(value.strip()).matches()) {
            throw new IllegalArgumentException(
                    "image version must be 1-64 letters, digits, '.', '-' or '_' (e.g. 2026.11.1), got '%s'"
                            .formatted(value));
        }
        value = value.strip();
    }

    public static ImageVersion of(String value) {
        return new ImageVersion(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
