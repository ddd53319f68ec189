package pideploy.deploy.core.port;

import pideploy.deploy.core.deployment.DeploymentChange;

/**
 * Publishes committed deployment changes live (the HTTP adapter turns them into Server-Sent Events).
 * Called after the transaction committed, on the caller's thread: implementations must not block for long and
 * must not throw (a failing subscriber must not fail a device's request).
 */
@FunctionalInterface
public interface EventPublisher {
    /** Drops every change; for tools that have no live view, such as the admin command line. */
    EventPublisher NONE = change -> {};

    void publish(DeploymentChange change);
}
