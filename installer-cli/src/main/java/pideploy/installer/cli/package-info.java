/**
 * Composition root of the installer: the {@code pi-installer} command line (picocli), the deployment server's HTTP
 * client adapter (JDK HttpClient, Jackson) and the console display; wires the core's workflow to the Linux adapters.
 */
package pideploy.installer.cli;
