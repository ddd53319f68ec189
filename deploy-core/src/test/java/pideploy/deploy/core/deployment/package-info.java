/** Tests of the deployment values and rules. */
package pideploy.deploy.core.deployment;
