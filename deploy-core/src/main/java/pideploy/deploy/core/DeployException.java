package pideploy.deploy.core;

/**
 * Base of the deploy core's unchecked exceptions: broken invariants and infrastructure failures.
 * Expected business outcomes are never exceptions; they are returned as sealed outcomes.
 */
public abstract class DeployException extends RuntimeException {
    protected DeployException(String message) {
        super(message);
    }

    protected DeployException(String message, Throwable cause) {
        super(message, cause);
    }
}
