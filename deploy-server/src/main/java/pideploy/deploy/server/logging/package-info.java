/**
 * Log output of the server: one line per event, to the console (journald under systemd) and to daily files under
 * the data directory with a retention. The only code in the project that configures java.util.logging, which is
 * where System.Logger writes by default.
 */
package pideploy.deploy.server.logging;
