package pideploy.wire;

/** The config answer's {@code customization_method}: how the image's OS takes its first-boot settings. */
public enum CustomizationMethod {
    /** A first-boot script started once through {@code cmdline.txt}. */
    FIRSTRUN("firstrun"),
    /** A cloud-init NoCloud seed on the boot partition. */
    CLOUD_INIT("cloud-init");

    private final String wireName;

    CustomizationMethod(String wireName) {
        this.wireName = wireName;
    }

    /** {@code firstrun} or {@code cloud-init}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The method with this wire name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the allowed values, for anything else (also {@code null})
     */
    public static CustomizationMethod parse(String text) {
        return WireNames.parse(CustomizationMethod.class, CustomizationMethod::wireName, "customization_method", text);
    }
}
