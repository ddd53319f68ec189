/**
 * Persistence adapter: stores the deploy core's fleet in SQLite (sqlite-jdbc behind HikariCP, WAL, busy timeout,
 * foreign keys on, Flyway migrations from {@code db/migration}). Implements {@link pideploy.deploy.core.port.FleetStore}
 * with {@code BEGIN IMMEDIATE} write transactions (ADR 0006), {@link pideploy.deploy.core.port.UserRepository} and
 * {@link pideploy.deploy.core.port.AuditLog}.
 */
package pideploy.deploy.persistence.sqlite;
