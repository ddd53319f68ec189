/** Tests of the directory image store. */
package pideploy.deploy.core.filestore;
