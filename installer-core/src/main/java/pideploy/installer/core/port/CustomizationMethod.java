package pideploy.installer.core.port;

/**
 * How an image's OS takes first-boot customisation; recorded per image on the server at registration, never
 * guessed by the installer. The installer-cli adapter maps the wire module's name to it.
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
}
