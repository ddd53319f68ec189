package pideploy.deploy.server.netboot;

/** The kit cannot be built; the message names what is missing or wrong and what to do. */
public final class KitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KitFailure(String message) {
        super(message);
    }

    public KitFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
