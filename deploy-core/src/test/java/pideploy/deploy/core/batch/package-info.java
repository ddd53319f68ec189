/** Tests of the batch values and rules. */
package pideploy.deploy.core.batch;
