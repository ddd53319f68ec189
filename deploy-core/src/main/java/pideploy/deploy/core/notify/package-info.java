/** Notices: what the server tells operators about without being asked (a failure, a stall, a breaker trip). */
package pideploy.deploy.core.notify;
