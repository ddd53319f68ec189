package pideploy.deploy.core.port;

import java.time.Instant;
import java.util.Optional;
import pideploy.deploy.core.operator.OperatorSession;

/**
 * Operator browser sessions, kept in the fleet database so they survive a server restart (ADR-0030). Keyed by the
 * SHA-256 of the session token, never the token. Each call is its own transaction. Thread-safe. Any storage failure
 * is a {@link StorageException}.
 */
public interface SessionRepository {
    /** @throws DuplicateKeyException if a session with this token hash exists */
    void add(OperatorSession session);

    /** The stored session of that token hash, expired or not (the caller decides); empty if there is none. */
    Optional<OperatorSession> find(String tokenHash);

    /** Records a use: sets last-seen and expiry; returns false if there is no such session. */
    boolean touch(String tokenHash, Instant lastSeenAt, Instant expiresAt);

    /** Deletes one session (logout); returns false if there was none. */
    boolean delete(String tokenHash);

    /** Deletes every session of a user (password changed, account removed); returns how many. */
    int deleteAllOf(String username);

    /** Deletes sessions whose expiry is at or before {@code now}; returns how many. */
    int deleteExpired(Instant now);
}
