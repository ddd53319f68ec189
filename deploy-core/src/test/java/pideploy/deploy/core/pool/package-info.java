/** Tests of the pool values and rules. */
package pideploy.deploy.core.pool;
