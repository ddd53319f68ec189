/** Deployments: one attempt by one device, its forward-only status and its event history. */
package pideploy.deploy.core.deployment;
