package pideploy.deploy.core.image;

import java.util.Locale;

/** How an image's OS takes first-boot customisation. */
public enum CustomizationMethod {
    /** A first-boot script hooked in through cmdline.txt (systemd.run). */
    FIRSTRUN("firstrun"),
    /** cloud-init NoCloud {@code user-data}/{@code meta-data} on the boot partition. */
    CLOUD_INIT("cloud-init");

    private final String wireName;

    CustomizationMethod(String wireName) {
        this.wireName = wireName;
    }

    /** {@code firstrun} or {@code cloud-init}, as in the config response's customization_method. */
    public String wireName() {
        return wireName;
    }

    public static CustomizationMethod parse(String text) {
        String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (CustomizationMethod m : values()) {
            if (m.wireName.equals(wanted)) {
                return m;
            }
        }
        throw new IllegalArgumentException(
                "customization method must be firstrun or cloud-init, got '%s'".formatted(text));
    }
}
