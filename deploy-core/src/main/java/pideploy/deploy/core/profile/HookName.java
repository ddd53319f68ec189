package pideploy.deploy.core.profile;

import java.util.regex.Pattern;

/**
 * A hook's name within its owner: 1-40 lower-case letters, digits and hyphens, starting with a letter or digit
 * ({@code camera-app}); also its file name on the card, so nothing else is allowed.
 */
public record HookName(String value) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    public HookName {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "hook name must be 1-40 lower-case letters, digits or hyphens, starting with a letter or digit, "
                            + "got '%s'".formatted(value));
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
