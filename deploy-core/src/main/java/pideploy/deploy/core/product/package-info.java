/** Products (device types such as KXP2) and how their hostnames are made. */
package pideploy.deploy.core.product;
