/**
 * Composition root of the PiDeploy server and the {@code pideploy} command line: wires the core, the SQLite adapter
 * and the HTTP adapter with {@code new}, reads settings, configures logging, and runs the admin commands directly on
 * the data directory's database.
 */
package pideploy.deploy.server;
