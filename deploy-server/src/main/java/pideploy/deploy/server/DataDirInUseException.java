package pideploy.deploy.server;

/** Another {@code pideploy serve} holds the data directory; the message names it and what to do. */
public final class DataDirInUseException extends RuntimeException {
    DataDirInUseException(String message) {
        super(message);
    }
}
