/** Tests of the image catalog's boot partition inspection, on real disk images. */
package pideploy.deploy.core.image;
