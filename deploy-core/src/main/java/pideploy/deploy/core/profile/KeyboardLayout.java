package pideploy.deploy.core.profile;

import java.util.regex.Pattern;

/**
 * An XKB keyboard layout ({@code gb}, {@code de}, {@code us}), optionally with a variant ({@code de:nodeadkeys}).
 *
 * @param layout  2-8 lower-case letters
 * @param variant empty, or the XKB variant
 */
public record KeyboardLayout(String layout, String variant) {
    private static final Pattern LAYOUT = Pattern.compile("[a-z]{2,8}");
    private static final Pattern VARIANT = Pattern.compile("[a-z0-9_-]{0,32}");

    public KeyboardLayout {
        layout = layout == null ? "" : layout.strip();
        variant = variant == null ? "" : variant.strip();
        if (!LAYOUT.matcher(layout).matches() || !VARIANT.matcher(variant).matches()) {
            throw new IllegalArgumentException("keyboard must be an XKB layout such as gb or de:nodeadkeys, got '%s%s'"
                    .formatted(layout, variant.isEmpty() ? "" : ":" + variant));
        }
    }

    /** {@code gb} or {@code de:nodeadkeys}. */
    public static KeyboardLayout parse(String text) {
        String t = text == null ? "" : text.strip();
        int colon = t.indexOf(':');
        return colon < 0
                ? new KeyboardLayout(t, "")
                : new KeyboardLayout(t.substring(0, colon), t.substring(colon + 1));
    }

    @Override
    public String toString() {
        return variant.isEmpty() ? layout : layout + ":" + variant;
    }
}
