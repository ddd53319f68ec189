/**
 * Driven ports of the deploy core: the interfaces adapters implement, with their contracts in Javadoc,
 * and the exceptions they may throw. Repository ports are reached through a {@link pideploy.deploy.core.port.FleetStore}
 * transaction (ADR 0006); {@link pideploy.deploy.core.port.UserRepository} and
 * {@link pideploy.deploy.core.port.AuditLog} stand alone. Contract test suites for each are in the core's test-jar.
 */
package pideploy.deploy.core.port;
