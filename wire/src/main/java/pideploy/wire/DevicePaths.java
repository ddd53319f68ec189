package pideploy.wire;

/** The device listener's routes (docs/protocol.md). */
public final class DevicePaths {
    /** {@code POST}: a device asks for its hostname, image and deployment. */
    public static final String CONFIG = "/api/config";
    /** {@code POST}: a device reports progress, success, failure or its first boot. */
    public static final String STATUS = "/api/status";
    /** {@code GET}/{@code HEAD} {@code /images/{file}}: images and their transfer forms, with ranges. */
    public static final String IMAGES = "/images/";
    /** {@code GET}: 200 when the server can answer, 503 when its database cannot. */
    public static final String HEALTH = "/health";

    private DevicePaths() {}
}
