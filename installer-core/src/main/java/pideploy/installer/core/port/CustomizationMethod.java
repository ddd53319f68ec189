package pideploy.installer.core.port;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How an image's OS takes first-boot customisation; recorded per image on the server at registration, never
 * guessed by the installer.
 */
public enum CustomizationMethod {
    /** firstrun.sh on the boot partition, started once by {@code systemd.run=} in cmdline.txt (Bookworm). */
    FIRSTRUN("firstrun"),
    /** NoCloud seed ({@code user-data}, {@code meta-data}) on the boot partition (Trixie and later). */
    CLOUD_INIT("cloud-init");

    private final String wireName;

    CustomizationMethod(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Parses the wire value; unknown values fail naming the allowed ones. */
    public static CustomizationMethod fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("customization_method must be one of %s, was '%s'"
                        .formatted(Arrays.stream(values()).map(CustomizationMethod::wireName)
                                .collect(Collectors.joining(", ")), value)));
    }
}
