package pideploy.deploy.core.device;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A MAC address, normalised to lower-case colon form {@code dc:a6:32:01:02:03}. Accepts colons, hyphens
 * or no separators.
 *
 * @param value the normalised address
 */
public record MacAddress(String value) {
    private static final Pattern HEX12 = Pattern.compile("[0-9a-f]{12}");

    public MacAddress {
        if (value == null) {
            throw new IllegalArgumentException("MAC address is required, e.g. dc:a6:32:01:02:03");
        }
        String hex = value.strip().toLowerCase(Locale.ROOT).replace(":", "").replace("-", "");
        if (!HEX12.matcher(hex).matches()) {
            throw new IllegalArgumentException(
                    "MAC address must be 6 hex bytes like dc:a6:32:01:02:03, got '%s'".formatted(value));
        }
        StringBuilder normal = new StringBuilder(17);
        for (int i = 0; i < 12; i += 2) {
            if (i > 0) {
                normal.append(':');
            }
            normal.append(hex, i, i + 2);
        }
        value = normal.toString();
    }

    public static MacAddress of(String value) {
        return new MacAddress(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
