package pideploy.deploy.core.port;

import pideploy.deploy.core.DeployException;

/** The store failed (I/O, database unreachable or locked too long, corrupt data). Nothing was committed. */
public class StorageException extends DeployException {
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
