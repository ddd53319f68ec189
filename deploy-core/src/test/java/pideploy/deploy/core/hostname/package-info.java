/** Tests of the hostname values and rules. */
package pideploy.deploy.core.hostname;
