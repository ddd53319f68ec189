/** The master image catalog: registered golden images per product, one active, with rollback. */
package pideploy.deploy.core.image;
