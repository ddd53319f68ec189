package pideploy.deploy.core.profile;

import pideploy.deploy.core.DeployException;

/**
 * A profile secret could not be sealed or opened: no key, the wrong key, or altered data (ADR-0093). An
 * infrastructure failure, never the client's fault; the message says which key file to restore.
 */
public class SecretUnreadableException extends DeployException {
    public SecretUnreadableException(String message) {
        super(message);
    }

    public SecretUnreadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
