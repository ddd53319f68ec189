/** Use-case contract suites: the deploy core's behaviour over any {@link pideploy.deploy.core.port.FleetStore}. */
package pideploy.deploy.core.usecase;
