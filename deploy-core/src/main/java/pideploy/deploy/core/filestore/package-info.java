/** A plain-directory {@link pideploy.deploy.core.port.ImageStore}: pure java.nio, used by the server and tests. */
package pideploy.deploy.core.filestore;
