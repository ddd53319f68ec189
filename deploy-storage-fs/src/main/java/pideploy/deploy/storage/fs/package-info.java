/**
 * The local-filesystem adapter of the deploy core's {@link pideploy.deploy.core.port.ImageStore}: one flat
 * directory of image files, and where their holes are ({@code filefrag}, ADR-0035). Only the composition root sees
 * it (ADR-0064).
 */
package pideploy.deploy.storage.fs;
