/**
 * Backups of a data directory (ADR-0087): {@code pideploy backup} takes a consistent copy of the SQLite database and
 * the image files with a SHA-256 manifest while the server runs; {@code pideploy restore} checks the manifest before it
 * writes anything.
 */
package pideploy.deploy.server.backup;
