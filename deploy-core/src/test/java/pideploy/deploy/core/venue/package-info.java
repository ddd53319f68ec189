/** Tests of the venue values and rules. */
package pideploy.deploy.core.venue;
