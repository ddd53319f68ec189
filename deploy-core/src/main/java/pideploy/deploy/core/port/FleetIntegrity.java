package pideploy.deploy.core.port;

import java.util.List;

/**
 * Checks a fleet database against what the schema alone cannot promise (ADR-0087): {@code pideploy db verify} after a
 * restore, before trusting a backup, or whenever the numbers on the dashboard look wrong. Read-only; safe while the
 * server runs (one consistent snapshot per check).
 *
 * <p>The invariants every adapter checks, each reported under its {@link IntegrityProblem#check() name}:
 * <ul>
 *   <li>{@value IntegrityProblem#HOSTNAME_HELD_TWICE}: no hostname is held by two devices;</li>
 *   <li>{@value IntegrityProblem#POOL_HOLDER}: an assigned pool entry's holder exists and holds that very hostname;</li>
 *   <li>{@value IntegrityProblem#UNPOOLED_HOLDER}: a device holding a pool hostname is the entry's holder (the pool
 *       does not think it free, retired or someone else's);</li>
 *   <li>{@value IntegrityProblem#ASSIGNED_WITHOUT_DEPLOYMENT}: every assigned number has a deployment with its
 *       hostname (assignment and deployment record are one transaction).</li>
 * </ul>
 * An adapter adds its own storage checks (SQLite: {@code PRAGMA integrity_check} and {@code foreign_key_check}).
 *
 * @throws StorageException if the database cannot be read
 */
public interface FleetIntegrity {
    /** Every problem found, in a stable order (check, then the hostname or row named); empty when all is well. */
    List<IntegrityProblem> check();
}
