package pideploy.deploy.server;

/** The product version shown by {@code --version}, {@code /health} and {@code /api/v1/system}. */
public final class Version {
    public static final String VALUE = "0.1.0";

    private Version() {}
}
