/** Tests of the device values and rules. */
package pideploy.deploy.core.device;
