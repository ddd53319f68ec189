package pideploy.deploy.core.port;

import pideploy.deploy.core.DeployException;

/**
 * A write would break a uniqueness rule of the store (same key, same hostname held twice, a second active
 * image of a product...). Thrown by repository methods that say so; the transaction is rolled back when it
 * propagates out of {@link FleetStore#write}.
 */
public class DuplicateKeyException extends DeployException {
    public DuplicateKeyException(String message) {
        super(message);
    }

    public DuplicateKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
