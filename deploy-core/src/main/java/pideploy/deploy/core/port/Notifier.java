package pideploy.deploy.core.port;

import pideploy.deploy.core.notify.Notice;

/**
 * Tells operators about something without their asking (ADR-0085): a failure, a stall, a breaker trip. Called after
 * the change committed, often on the thread that answers a device: implementations hand the notice off and return at
 * once, and never throw (a receiver that is down must not fail a device's request).
 */
@FunctionalInterface
public interface Notifier {
    /** Drops every notice; for tools that tell nobody, such as the admin command line. */
    Notifier NONE = notice -> {};

    /** Queues the notice for the channels the operator configured; returns without waiting for any of them. */
    void raise(Notice notice);
}
