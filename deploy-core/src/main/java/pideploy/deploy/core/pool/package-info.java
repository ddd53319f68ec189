/** Hostname pools: numbered entries per venue and product, handed out lowest number first. */
package pideploy.deploy.core.pool;
