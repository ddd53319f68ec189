package pideploy.deploy.core.profile;

import java.util.regex.Pattern;

/**
 * A glibc locale such as {@code en_GB.UTF-8}; a name without an encoding gets {@code .UTF-8}.
 *
 * @param value language, country and encoding
 */
public record LocaleName(String value) {
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}_[A-Z]{2}(\\.UTF-8)?");

    public LocaleName {
        value = value == null ? "" : value.strip();
        if (!LOCALE.matcher(value).matches()) {
            throw new IllegalArgumentException("locale must look like en_GB.UTF-8, got '%s'".formatted(value));
        }
        if (!value.endsWith(".UTF-8")) {
            value = value + ".UTF-8";
        }
    }
}
