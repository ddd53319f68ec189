/**
 * What keeps each HTTP listener alive under hostile clients (ADR-0044): admission of connections against a cap per
 * listener and per client address, deadlines on reading a request and on writes the client does not read, and a
 * watch that restarts a listener whose accept loop has died.
 */
package pideploy.deploy.http.helidon.listener;
