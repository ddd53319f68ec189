/** Notification channels of the server: the webhook sender with its signature, retries and delivery log. */
package pideploy.deploy.server.notify;
