/**
 * Persistence adapter: stores the deploy core's fleet in PostgreSQL 15+ (pgjdbc behind HikariCP, Flyway migrations
 * from {@code db/postgresql}), so several PiDeploy servers share one fleet. Implements
 * {@link pideploy.deploy.core.port.FleetStore} with write transactions serialised by one advisory lock across every
 * server (ADR-0059), and the same repositories as the SQLite adapter, held to the same contract suites.
 */
package pideploy.deploy.persistence.postgresql;
