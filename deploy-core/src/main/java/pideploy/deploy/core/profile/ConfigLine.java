package pideploy.deploy.core.profile;

import java.util.regex.Pattern;

/**
 * One line appended to the boot partition's {@code config.txt} ({@code dtoverlay=imx708}, {@code camera_auto_detect=0}).
 * A section header ({@code [pi5]}) is allowed; comments and blank lines are not (they would say nothing).
 *
 * @param value 1-200 printable ASCII characters, stripped
 */
public record ConfigLine(String value) {
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9_]+=[\\x20-\\x7e]*|\\[[A-Za-z0-9_=:. -]+\\])");

    public ConfigLine {
        value = value == null ? "" : value.strip();
        if (value.length() > 200 || !LINE.matcher(value).matches()) {
            throw new IllegalArgumentException(("config.txt line must be 'name=value' or a '[section]' of at most 200 "
                            + "printable ASCII characters, got '%s'")
                    .formatted(value));
        }
    }
}
