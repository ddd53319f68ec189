/**
 * The deploy core's use cases: final classes with one public verb method each, built from the ports and a
 * {@link java.time.Clock}. {@link pideploy.deploy.core.usecase.DeployCore} builds all of them for a composition root.
 * Expected outcomes are returned as sealed interfaces; malformed input is rejected earlier by the value types'
 * constructors ({@link java.lang.IllegalArgumentException}).
 */
package pideploy.deploy.core.usecase;
