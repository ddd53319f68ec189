/**
 * Driven ports of the installer core: every interface an adapter implements (server, target device, identity,
 * reboot, sleeping, observation) and the values they speak. Adapters translate their technology's failures into
 * these types before anything crosses.
 */
package pideploy.installer.core.port;
